"""The forum's tunables, in one place."""

# Files one post may carry: enough for a lesson's worksheets, few enough to read the post.
MAX_ATTACHMENTS = 10
