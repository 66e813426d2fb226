"""The bank's tunables, in one place."""

# Materials per page of the bank and of every list of cards.
PAGE_SIZE = 20
# Rows of the bank exported to a spreadsheet at most.
EXPORT_LIMIT = 2000
# Values shown per facet (subjects, topics, networks) at most.
FACET_LIMIT = 20

# How long a search's counts and ranked ids stay in the shared "bank" cache. The services
# that publish, return and edit materials start a new generation at once, so this only
# bounds what changes outside them (a network's organising institution, a renamed subject).
SEARCH_TIMEOUT = 60 * 60
# Downloads and ratings reorder results all day without a new generation: ids in those
# orders are kept this long only.
BUSY_ORDER_TIMEOUT = 60
# Ids cached per search, in order (50 pages); a page past them is read from the database.
RANKED_IDS_LIMIT = 1000
# Searches remembered as popular (by how often they were counted afresh), forgotten a day
# after their last use; the first POPULAR_WARM of them are counted again by a worker as soon
# as the bank changes, and every half hour (resources.tasks), so nobody waits for them.
POPULAR_KEEP = 100
POPULAR_FORGET_AFTER = 24 * 60 * 60
POPULAR_WARM = 20
