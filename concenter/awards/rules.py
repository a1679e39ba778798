"""The named limits of the awards app, in one place."""

from concenter.common.uploads import MAX_EVIDENCE_BYTES, MEGABYTE

MAX_SIGNATORIES = 3
MAX_EVIDENCE_FILES = 10  # per nomination
EVIDENCE_MAX_BYTES = MAX_EVIDENCE_BYTES  # 10 MB, PDF or image, checked by content
EMBLEM_MAX_BYTES = 5 * MEGABYTE
EMBLEM_MAX_SIDE = 1200  # pixels, enough for print at the emblem's size on an A4 plaque
PHOTO_MAX_BYTES = 10 * MEGABYTE
PHOTO_MAX_SIDE = 800  # pixels, a portrait on the hall-of-fame page

MAX_CRITERION_SCORE = 1000
MAX_CRITERION_WEIGHT = 1000
STATEMENT_MAX_LENGTH = 5000
CITATION_MAX_LENGTH = 400

# The public form: a rate limit per connection and per programme, and a confirmation step whose
# signed token expires (no captcha).
PUBLIC_NOMINATIONS_PER_HOUR = 5  # per client address
PUBLIC_NOMINATIONS_PER_DAY = 500  # per programme
PUBLIC_CONFIRMATION_SECONDS = 30 * 60
