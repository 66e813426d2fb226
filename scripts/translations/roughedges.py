"""Polish translations of the msgids added by the roughedges branch."""

PL = {
    "Nobody has said they are coming yet.": "Nikt jeszcze nie zgłosił udziału.",
    "Your answer has been saved: %(answer)s.": "Zapisano Twoją odpowiedź: %(answer)s.",
}
PL.update(
    {
        "%(mention)s could mean %(people)s: write the full name to notify one of them.": (
            "%(mention)s może oznaczać: %(people)s. Wpisz pełne imię i nazwisko, "
            "aby powiadomić właściwą osobę."
        ),
        "Nobody in this network is called %(mention)s: nobody was notified of it.": (
            "Nikt w tej sieci nie nazywa się %(mention)s: nikt nie dostał powiadomienia."
        ),
    }
)
