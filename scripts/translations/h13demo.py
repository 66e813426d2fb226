"""Polish for the annual report's goals, outcomes and registered figures (issue 13)."""

PL = {
    "Materials published in the bank of good practices": "Materiały opublikowane w banku dobrych praktyk",
    "Coordinator's comment: %(comment)s": "Komentarz koordynatora: %(comment)s",
    "No outcomes in practice were recorded in this period.": "W tym okresie nie zapisano efektów w praktyce.",
    "agreed: %(agreed)s, objected: %(objected)s; plan: %(done)s of %(total)s steps done; "
    "outcomes in practice: %(outcomes)s": "zgoda: %(agreed)s, sprzeciw: %(objected)s; plan: "
    "wykonano %(done)s z %(total)s kroków; efekty w praktyce: %(outcomes)s",
    "with: %(whom)s": "z kim: %(whom)s",
    "goal: %(goal)s": "cel: %(goal)s",
    "Goal": "Cel",
    "Status": "Stan",
    "Members agreeing": "Zgoda (osoby)",
    "Members objecting": "Sprzeciw (osoby)",
    "Plan steps done": "Wykonane kroki planu",
}
