"""What can be done to posts, as plain functions: the document, the ids and a parent widget
in, one service call (one undo step) out."""
