"""The networks app's tunables, in one place."""

# A goal counts as agreed when more than this share (in percent) of the network's
# members say they agree with it: a simple majority by default.
GOAL_AGREEMENT_PERCENT = 50

# A date poll proposes at least two dates (otherwise there is nothing to choose) and
# at most six (more and members stop reading them).
POLL_MIN_SLOTS = 2
POLL_MAX_SLOTS = 6
