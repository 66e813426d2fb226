"""Polish for the network's life journey (issue 13): the way from the network page to its tasks."""

PL = {
    "Tasks of this stage": "Zadania tego etapu",
    # The stage's label follows ("Etap 2: Działanie w sieci").
    "Move on to %(stage)s": "Przejdź do: %(stage)s",
    "The tasks of each stage are under “Tasks of the stages” in “Coordinate”: those the "
    "platform sees tick themselves, and each links to the tool that does it. When a stage is "
    "done, click “Move on to …” under its tasks (or choose another stage under “Stage of the "
    "network”: skipping a stage or going back needs a note). Members see the change.": (
        "Zadania każdego etapu są w zakładce „Koordynacja”, w części „Zadania etapów”: te, "
        "które platforma widzi, zaznaczają się same, a każde prowadzi do narzędzia, którym się "
        "je wykonuje. Gdy etap jest gotowy, kliknij „Przejdź do: …” pod jego zadaniami (albo "
        "wybierz inny etap w części „Etap pracy sieci”: pominięcie etapu lub powrót wymaga "
        "notatki). Uczestnicy zobaczą zmianę."
    ),
}
