"""Polish for the network's life journey (issue 13): the way from the network page to its tasks."""

PL = {
    "Tasks of this stage": "Zadania tego etapu",
}
