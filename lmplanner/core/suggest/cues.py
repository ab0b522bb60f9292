"""The cue rules of role suggestion: signals a person can recognise, each with a hand weight."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lmplanner.core.domain import Kind, Role


@dataclass(frozen=True, slots=True)
class Cue:
    """A recognisable signal in a post, with the words the editor shows for it."""

    key: str
    label: str
    role: Role
    prior: float  # hand weight in log-odds towards `role`; training starts from and pulls to it
    kind: Kind | None
    pattern: re.Pattern[str]
    title_only: bool = False
    case_sensitive: bool = False
    min_matches: int = 1

    @property
    def feature(self) -> str:
        return f"cue:{self.key}"

    def matches(self, text: str) -> bool:
        """True when the pattern occurs `min_matches` times, each starting at a word start."""
        found = 0
        pos = 0
        while (match := self.pattern.search(text, pos)) is not None:
            start, end = match.span()
            if start == 0 or not _is_word_char(text[start - 1]) or not _is_word_char(text[start]):
                found += 1
                if found >= self.min_matches:
                    return True
                pos = end if end > start else start + 1
            else:
                pos = start + 1
        return False

    @property
    def signed_prior(self) -> float:
        return self.prior if self.role is Role.LEADER else -self.prior


def _cue(
    key: str,
    label: str,
    role: Role,
    prior: float,
    kind: Kind | None,
    pattern: str,
    *,
    title_only: bool = False,
    case_sensitive: bool = False,
    min_matches: int = 1,
) -> Cue:
    # Every alternative is meant to start at a word start. A leading \b stops `re` from jumping
    # to candidate first letters and makes a search ten times slower, so it is dropped here
    # and checked in `Cue.matches` instead. Texts are lower-cased before matching, which is
    # cheaper than IGNORECASE.
    loose = "|".join(alt.removeprefix(r"\b") for alt in _alternatives(pattern))
    compiled = re.compile(loose)
    return Cue(key, label, role, prior, kind, compiled, title_only, case_sensitive, min_matches)


def _alternatives(pattern: str) -> list[str]:
    """Split a regular expression at its top-level `|`."""
    parts: list[str] = []
    depth = 0
    start = 0
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("^]", i + 1) or pattern.startswith("]", i + 1):
                i = pattern.index("]", i + 1)  # a leading ] is a literal member of the class
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_L, _M = Role.LEADER, Role.MANAGER
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONEY = r"(?:[€$£]\s?\d|\d+(?:[.,]\d+)?\s?(?:€|eur|euros?|usd|dollars?|gbp|pounds)\b)"

CUES: tuple[Cue, ...] = (
    # --- manager: serving and converting the audience ---
    _cue(
        "how_to",
        "how-to phrasing",
        _M,
        1.6,
        Kind.HOW_TO,
        r"\bhow to\b|\bstep[- ]by[- ]step\b|\bstep \d\b|\bin \d+ (?:easy |simple |quick )?steps\b"
        r"|\bhere'?s how (?:to|you)\b|\btutorial\b|\bwalkthrough\b|\bguide (?:to|for)\b"
        r"|\b(?:beginner'?s|quick|complete|ultimate|free) guide\b|\bguide:|\bhow do i\b"
        r"|\bhow (?:i|we) (?:set up|use|built|reduced|cut|grew|doubled|increased|onboard)\b",
    ),
    _cue(
        "checklist",
        "checklist / template",
        _M,
        1.3,
        Kind.HOW_TO,
        r"\bcheck ?lists?\b|\btemplates?\b|\bcheat ?sheets?\b|\bworksheet\b|\bfaqs?\b",
    ),
    _cue(
        "steps",
        "numbered steps",
        _M,
        0.5,
        Kind.HOW_TO,
        r"(?:^|\s)1[.)/]\s.{2,200}?(?:\s)2[.)/]\s",
    ),
    _cue(
        "tip",
        "practical tip",
        _M,
        1.4,
        Kind.TIP,
        r"\b(?:pro |quick |top |easy )?tips?\b|\bhacks?\b|\bshortcuts?\b|\bdid you know you can\b"
        r"|\b(?:ctrl|cmd|shift|alt)\s?\+|\bsettings? ?>|\bin settings\b|\bformulas?\b|\bprompts\b"
        r"|\bhere'?s (?:a|one) (?:trick|way)\b|\bsave (?:you )?time\b|\bmake sure (?:you|to)\b",
    ),
    _cue(
        "list_of_tips",
        "list of practical ideas",
        _M,
        1.0,
        Kind.TIP,
        r"^\s*(?:top )?\d+\s+(?:\w+\s+)?(?:ways|tips|steps|things to|ideas|tools|formulas"
        r"|prompts|settings|metrics|apps|recipes|books|presents|gifts|dinners|questions to ask"
        r"|shortcuts)\b",
        title_only=True,
    ),
    _cue(
        "results",
        "numbers / results",
        _M,
        1.3,
        Kind.ANALYTICS,
        r"\b(?:open|click|conversion|engagement|bounce|churn|retention|response) rates?\b"
        r"|\bkpis?\b|\bmetrics\b|\bimpressions\b|\bsessions\b|\bctr\b|\broi\b|\bcsat\b|\bnps\b"
        r"|\bdashboard\b|\banalytics\b|\b(?:monthly|weekly|quarterly|annual|impact) report\b"
        r"|\bresults\b|\bq[1-4]\b|\byoy\b|\bvs\.? (?:last|previous)\b|\b(?:up|down|rose|fell)"
        r" (?:by |to )?\d|\(\s?[+−-]\s?\d|\bthe numbers\b|\bin numbers\b|\bat a glance\b"
        r"|\brecap\b|\bbreakdown\b|\bsurvey\b|\ba/b test\b|\bcase study\b|\bstats\b",
    ),
    _cue(
        "figures",
        "lots of figures",
        _M,
        0.8,
        Kind.ANALYTICS,
        r"\d+(?:[.,:]\d+)*",
        min_matches=4,
    ),
    _cue(
        "dates",
        "dates and times",
        _M,
        0.9,
        None,
        rf"\b\d{{1,2}}(?::\d{{2}})?\s?(?:am|pm)\b|\b\d{{1,2}}[:.]\d{{2}}\b|\b{_DAY}s?\b"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s{_MONTH}\b|\b{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?\b"
        r"|\btomorrow\b|\btonight\b|\bthis (?:week(?:end)?|month|saturday|friday)\b"
        r"|\bnext (?:week|month)\b|\bdeadline\b",
    ),
    _cue(
        "hours",
        "opening hours / schedule",
        _M,
        1.5,
        Kind.ANNOUNCEMENT,
        r"\bopening hours\b|\b(?:support|office|holiday|new) hours\b|\bclosed (?:on|for|from)\b"
        r"|\b(?:we'?re|we are|will be|remains?) (?:closed|open)\b|\bnow open\b|\bschedule\b"
        r"|\btimetable\b|\bclose early\b|\bopens? (?:on|from|at|again)\b|\bcut-?off\b",
    ),
    _cue(
        "announce",
        "announcement / news",
        _M,
        1.4,
        Kind.ANNOUNCEMENT,
        r"\bannounc\w*|\bintroducing\b|\blaunch(?:ed|ing)? (?:today|now|our|a|the|on|this|next)\b"
        r"|\b(?:we|just|we're|we are|is|are) launch\w*|\blaunch (?:day|date|event)\b|\blaunch:"
        r"|\bnow (?:available|live|in)\b"
        r"|\bis (?:now )?live\b|\bis out\b|\bare out\b|\bnew (?:feature|version|release|product"
        r"|menu|range|collection|look|office|dates|video|episode|blog post|in|app|logo|address"
        r"|opening|course|catalogue|season)\b|\brelease notes\b|\bchangelog\b|\bupdate:"
        r"|\bupdates?\b"
        r"|\bv?\d+\.\d+(?:\.\d+)\b|\bversion \d|\bwe'?ve (?:moved|launched|partnered|updated"
        r"|refreshed|added|become|changed)\b|\bcoming soon\b|\bback in stock\b|\bis back\b"
        r"|\bwe (?:won|are proud|'re proud|'re excited|are excited|'re thrilled)\b"
        r"|\bthrilled to\b|\bexcited to (?:share|announce)\b|\bhappy to share\b|\bpartnership\b"
        r"|\brolling out\b|\bavailable (?:today|now|from)\b|\bnotice\b|\bpolicy\b",
    ),
    _cue(
        "hiring",
        "hiring / team news",
        _M,
        1.5,
        Kind.ANNOUNCEMENT,
        r"\bwe'?re hiring\b|\bhiring!|\bjoin (?:our|the) team\b|\bapply (?:now|by|via|here|today)\b"
        r"|\bopen roles\b|\bvacanc\w+|\bjob opening\b|\bwelcome to the team\b|\bmeet (?:the team"
        r"|our new|\w+, our)\b|\bemployee spotlight\b|\bstarting a new position\b"
        r"|\bnew position\b|\bjoins us\b|\bwanted\b",
    ),
    _cue(
        "reminder",
        "reminder / notice",
        _M,
        1.3,
        Kind.ANNOUNCEMENT,
        r"\breminder\b|\bdon'?t forget\b|\bplease (?:note|submit|update|tell|book)\b"
        r"|\bno action needed\b|\bmaintenance\b|\bwill be unavailable\b|\bdelays?\b",
    ),
    _cue(
        "event",
        "event / webinar",
        _M,
        1.6,
        Kind.EVENT,
        r"\bwebinars?\b|\bworkshops?\b|\bmeetups?\b|\bconference\b|\bsummit\b|\bkeynote\b"
        r"|\bmasterclass\b|\bbootcamp\b|\bclass(?:es)?\b|\blive (?:q&a|session|stream|on)\b"
        r"|\bama\b|\blivestream\b|\bjoin us\b|\brsvp\b|\bregist(?:er|ration)\b|\btickets?\b"
        r"|\bbooth\b|\bdoors\b|\bsave the date\b|\bexpo\b|\bagenda\b|\bopen day\b|\bgig\b"
        r"|\bconcerts?\b|\bfestival\b|\bi'?m speaking\b|\bcatch (?:my|our) talk\b|\bdrill\b"
        r"|\borientation\b|\bnetworking (?:breakfast|event|dinner)\b|\bcohort\b|\bsign up\b"
        r"|\benrol+\b|\bcamps?\b|\bparents'? evening\b|\bseats?\b|\bspots?\b"
        r"|\bstand \d+|\bhall [a-z0-9]\b|\bsee you (?:there|soon|at)\b|\bcan'?t wait\b",
    ),
    _cue(
        "discount",
        "discount / deal",
        _M,
        2.2,
        Kind.PROMOTION,
        r"\d+\s?% off\b|\boff (?:all|everything|your|the whole)\b|\bdiscount\w*|\bsale\b|\bpromo\b"
        r"|\bcoupon|\bdeals?\b|\bbogo\b|\bbuy one\b|\b\d-for-\d\b|\bblack friday\b"
        r"|\bcyber monday\b|\bsave (?:[€$£]?\d|up to)|\bearly[- ]?bird\b|\bhalf price\b"
        r"|\bfor the price of\b|\bfree (?:shipping|delivery|dessert|coffee|consultations?|valuation"
        r"|audit|trial|gift|card|tote|t-shirt)\b|\b(?:special|introductory|exclusive) offer\b"
        r"|\bvouchers?\b",
    ),
    _cue(
        "promo_code",
        "discount / deal",
        _M,
        1.5,
        Kind.PROMOTION,
        r"\b(?:[Cc]ode|CODE):?\s[A-Z][A-Z0-9]{2,}\b",
        case_sensitive=True,
    ),
    _cue(
        "urgency",
        "urgency / limited offer",
        _M,
        1.4,
        Kind.PROMOTION,
        r"\blimited (?:time|edition|offer|spots|slots|seats|places)\b|\boffer (?:ends|valid)\b"
        r"|\bwhile stocks? last\b|\bends (?:sunday|friday|monday|tonight|soon|at)\b"
        r"|\bonly \d+ (?:spots|slots|seats|places|left)\b|\blast (?:chance|day|spots)\b"
        r"|\bprices? go up\b|\bdon'?t miss\b|\bhurry\b|\bbe quick\b|\bsells? out\b|\bsold out\b"
        r"|\b\d+ (?:spots|slots|places) left\b|\bfor \d+ hours\b|\b\d+h only\b|\bonly!",
    ),
    _cue(
        "buy",
        "price / purchase call",
        _M,
        1.1,
        Kind.PROMOTION,
        rf"{_MONEY}|\bshop (?:now|our|the|online)\b|\border (?:now|by|online|yours)\b"
        r"|\bbook (?:now|your|a|online)\b|\bpre-?order\b|\bin stock\b|\bbuy\b|\bupgrade\b"
        r"|\bper (?:month|person|year)\b|\bplans?\b|\bpricing\b|\bsubscribers? get\b",
    ),
    _cue(
        "engage",
        "asks the audience to comment or vote",
        _M,
        1.7,
        Kind.ENGAGEMENT,
        r"\bcomments?\b|\bvote\b|\btag (?:a|two|your|\d)\b|\breply (?:below|with)\b"
        r"|\bdrop (?:your|a)\b|\btell us\b|\blet us know\b|\bcaption this\b|\bpoll\b"
        r"|\blike if\b|\bdouble tap\b"
        r"|\bshare your\b|\bwhich (?:one|flavou?r|design|do you|is your|should)\b"
        r"|\bwhat'?s your (?:favou?rite|go-to|biggest|best)\b|\bguess\b|\bspot the\b"
        r"|\bask me anything\b|\bquestions? (?:below|welcome)\b|\brate your\b"
        r"|\b(?:share|answer|reply|comment|tell us|let us know)\b[^.!?\n]{0,20}\bbelow\b"
        r"|\bwe'?re curious\b|\bsuggest a\b|\bwould you rather\b",
    ),
    _cue(
        "contest",
        "giveaway / contest",
        _M,
        1.8,
        Kind.ENGAGEMENT,
        r"\bgiveaway\b|\bcontest\b|\bcompetition\b|\bwin (?:a|an|one)\b|\bto enter\b"
        r"|\bwinners? (?:gets?|announced|will)\b|\bthe draw\b",
    ),
    _cue(
        "cta",
        "call to action",
        _M,
        1.0,
        None,
        r"\blink in (?:bio|comments)\b|\bclick\b|\bdownload\b|\bsign up\b|\bsubscribe\b"
        r"|\blearn more\b|\bread (?:more|it|the full)\b|\bwatch (?:the|it|now)\b|\blisten on\b"
        r"|\bvisit (?:us|our)\b|\bcome (?:say|celebrate|see)\b|\bfollow us\b|\bdm (?:me|us)\b"
        r"|\bturn on notifications\b|\bset a reminder\b|\bsave this\b|\bswipe\b|\bbrowse\b"
        r"|\btry it\b|\bget started\b|\bgrab\b|\bcontact (?:us|support)\b|\bcall us\b",
    ),
    _cue(
        "product",
        "product or service details",
        _M,
        0.8,
        None,
        r"\bavailable\b|\bincluded\b|\bincludes\b|\bin (?:store|stores|stock)\b"
        r"|\b(?:you|customers?|members?|users?) can now\b|\byour (?:order|account|parcel|booking)\b"
        r"|\bdelivery\b|\bshipping\b|\bcheckout\b|\bat reception\b|\bin the app\b",
    ),
    # --- leader: earning the audience's attention ---
    _cue(
        "vision",
        "states a belief about the future",
        _L,
        1.6,
        Kind.VISION,
        r"\bthe future of\b|\bin the future\b|\bof the future\b|\bnext (?:decade|generation|wave"
        r"|great|big|ten|twenty|thirty|\d+ years)\b|\bin (?:ten|twenty|\d+) years\b"
        r"|\b(?:by|in) 20[3-9]\d\b|\bdecade ahead\b|\btomorrow'?s\b|\bwill (?:become|look|win"
        r"|replace|disappear|matter|transform|be won|be built|be measured|follow|lose)\b"
        r"|\bwon'?t (?:be|disappear|replace|look)\b|\bis coming\b|\bare coming\b|\binevitable\b"
        r"|\bi predict\b|\bpredictions?\b|\bis (?:coming home|here to stay)\b",
    ),
    _cue(
        "innovation",
        "explores a new idea",
        _L,
        1.2,
        Kind.VISION,
        r"\bexperiment\w*|\bmight (?:fail|work)\b|\bcould change\b|\bprototype\b|\breimagin\w+"
        r"|\breinvent\w*|\bnew way (?:of|to)\b|\bbold bet\b"
        r"|\brisky bet\b|\bimagine\b|\binnovat\w+|\bbreakthrough\w*|\bmoonshot\b",
    ),
    _cue(
        "opinion",
        "states an opinion",
        _L,
        1.5,
        Kind.PERSPECTIVE,
        r"\bi (?:believe|think|suspect|worry|wonder|doubt|admire|don'?t (?:believe|think|trust))\b"
        r"|\bunpopular opinion\b|\bhot take\b|\bin my (?:view|opinion|experience)\b"
        r"|\bi'?m (?:convinced|betting|not saying|saying|still not sure|not sure)\b"
        r"|\bmy (?:view|take|belief|answer)\b"
        r"|\bi'?d rather\b|\bhow (?:i|we) (?:think|see|approach|decide)\b|\bin praise of\b"
        r"|\bhere'?s the thing\b|\bi'?m not a\b",
    ),
    _cue(
        "contrarian",
        "challenges a common belief",
        _L,
        1.4,
        Kind.PERSPECTIVE,
        r"\bmyths?\b|\bwrong\b|\bthe truth\b|\bthe real (?:reason|problem|question|competition"
        r"|test|issue|skill)\b|\bnobody (?:tells|talks|wants|remembers|cares|asked)\b"
        r"|\bstop (?:asking|chasing|calling|doing|treating|apologizing|celebrating)\b"
        r"|\bisn'?t (?:about|the|a|just)\b|\bit'?s not (?:about|that)\b"
        r"|\b(?:is|are) not (?:a|an|the|just|about|enough)\b"
        r"|\bwe'?ve (?:been|made|built|confused)\b|\brethink|\bthe problem (?:is|isn'?t)\b"
        r"|\bdirty secret\b|\buncomfortable\b|\boverrated\b|\bunderrated\b|\bdoesn'?t (?:matter"
        r"|work|have to|speak)\b|\bshould (?:stop|be|not|retire)\b|\bshouldn'?t\b|\bwe confuse\b"
        r"|\bnot (?:because|the answer)\b|\bwrong question\b|\bmost (?:people|companies|leaders)\b"
        r"|\bwe (?:pretend|keep|tell ourselves)\b|\bneeds? to retire\b|\bthe enemy\b|\ba lie\b",
    ),
    _cue(
        "story",
        "personal story",
        _L,
        1.5,
        Kind.STORY,
        r"\bi remember\b|\byears ago\b|\bwhen i (?:was|started|first)\b|\bmy first (?:job|boss"
        r"|customer|year|manager|startup|salary|agency|day)\b|\bi (?:was|used to|almost|grew up"
        r"|started|spent|asked|sat|walked|watched|opened|cried|lost|got|had|went|felt|said"
        r"|reached|tried|expected|gave|took|met)\b|\bthe day (?:i|we|a|my|everything)\b"
        r"|\bmy (?:father|mother|dad|mum|mom|grandfather|grandmother|grandma|grandpa|daughter"
        r"|son|kids|wife|husband|mentor|family|parents)\b|\bgrowing up\b|\bat (?:\d{2}|sixteen"
        r"|twenty)\b|\bin (?:19|20)\d\d,? (?:i|we|a|our|my)\b|\b\d+ years (?:ago|later|in)\b"
        r"|\bwe (?:didn'?t|listened|learned|lost|almost|decided|tried|spent|thought|realized"
        r"|nearly|had to)\b|\bfor (?:years|two years|a decade),? i\b|\bshe (?:said|told|asked)\b"
        r"|\bhe (?:said|told|asked)\b|\bi'?ve (?:handed|seen|watched|spent|learned|been)\b",
    ),
    _cue(
        "lesson",
        "shares a lesson learned",
        _L,
        1.4,
        Kind.INSIGHT,
        r"\blessons?\b|\blearn(?:ed|t) (?:that|more|to|the)\b|\btaught (?:me|us)\b|\bi realized\b"
        r"|\brealised\b|\bit turns out\b|\bwhat i (?:wish|learned|got wrong|know|saw)\b"
        r"|\binsights?\b|\bthe secret\b|\bhere'?s what (?:nobody|i|it|no one)\b"
        r"|\bthe (?:hardest|quiet|hidden|strange|real) (?:part|thing|power|cost|economics)\b"
        r"|\bthe hardest \w+\b|\bmade (?:me|us) (?:a )?(?:better|stronger|wiser)\b"
        r"|\bthe difference between\b"
        r"|\bmistakes?\b|\bregret\b|\bhumbl\w+|\bchanged (?:how|my|everything)\b"
        r"|\bwhat (?:\w+ )?taught me\b|\breflections?\b|\bthoughts on\b|\bthe thing about\b",
    ),
    _cue(
        "question",
        "asks a thought-provoking question",
        _L,
        1.4,
        Kind.QUESTION,
        r"\bwhat if\b|\bwhy (?:do|don'?t|are|aren'?t|is|does|did|should|can'?t) (?:we|you|i|so"
        r"|most|companies|people|leaders|the)\b|\bhave you ever (?:wondered|thought)\b"
        r"|\bwhat would (?:happen|it|your|you)\b|\bis (?:it|this|that|the) .{0,40}(?:still"
        r"|really|worth|killing|dead|over|just)\b|\bare we\b|\bshould (?:we|every|all|software"
        r"|companies|cities|schools)\b|\bcan a\b|\bwhat does .{2,30} mean\b|\bdid it\?"
        r"|\bwho would you be\b"
        r"|\bwhat makes a\b|\bwho is .{2,30} for\?",
    ),
    _cue(
        "values",
        "talks about values and purpose",
        _L,
        0.9,
        Kind.PERSPECTIVE,
        r"\bpurpose\b|\bmission\b|\bvalues\b|\bculture\b|\btrust\b|\bmeaning\b|\bintegrity\b"
        r"|\bempathy\b|\bkindness\b|\bkind\b|\bhumility\b|\bhonest\w*|\bcourage\b|\bleadership\b"
        r"|\bleaders?\b|\bvision\b|\bbelonging\b|\bcare\b|\bethic\w*|\bresilien\w+|\bwisdom\b"
        r"|\bambition\b|\bcuriosity\b|\bpatience\b|\bvulnerab\w+|\bfear\b|\bproud of\b",
    ),
    _cue(
        "why",
        "explains the why behind a choice",
        _L,
        1.1,
        Kind.PERSPECTIVE,
        r"^\s*why\b|^\s*(?:what|how) (?:i|we) (?:learned|think|believe|got)\b",
        title_only=True,
    ),
    _cue(
        "reframe",
        "reframes an idea (X, not Y)",
        _L,
        0.9,
        Kind.INSIGHT,
        r"\b(?:is|are) (?:a|an|the)? ?\w+(?: \w+)?,? not (?:a|an|the|just)?\b"
        r"|,\s*not\s+\w+\.|\bnot \w+(?: \w+)?[,;.]\s*(?:but|it'?s|they'?re)\b"
        r"|\bisn'?t\b.{1,60}\bit'?s\b|\bis the new\b|\bis really about\b|\bis a (?:promise"
        r"|story|mirror|habit|practice|discipline|conversation|culture|gift|form of)\b"
        r"|\bthey (?:buy|want|remember|care)\b",
    ),
    _cue(
        "reflective",
        "first-person reflection",
        _L,
        0.7,
        None,
        r"\b(?:i|me|my|myself|i'm|i've|i'd)\b",
        min_matches=4,
    ),
)


def fired_cues(title: str, text: str) -> list[Cue]:
    """The cues whose pattern matches; `text` is title and body together."""
    lowered_title = title.lower()
    lowered = text.lower()
    fired: list[Cue] = []
    for cue in CUES:
        if cue.title_only:
            haystack = title if cue.case_sensitive else lowered_title
        else:
            haystack = text if cue.case_sensitive else lowered
        if cue.matches(haystack):
            fired.append(cue)
    return fired
