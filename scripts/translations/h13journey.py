"""Polish for the network's life journey (issue 13): the way from the network page to its tasks."""

PL = {
    "Tasks of this stage": "Zadania tego etapu",
    # The stage's label follows ("Etap 2: Działanie w sieci").
    "Move on to %(stage)s": "Przejdź do: %(stage)s",
}
