"""Polish translations of the msgids added by the roughedges branch."""

PL = {
    "Nobody has said they are coming yet.": "Nikt jeszcze nie zgłosił udziału.",
    "Your answer has been saved: %(answer)s.": "Zapisano Twoją odpowiedź: %(answer)s.",
}
