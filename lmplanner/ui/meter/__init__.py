"""The balance meter dock and its list of flags."""
