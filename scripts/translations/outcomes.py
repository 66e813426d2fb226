"""Polish translations of the msgids added by the outcomes helper (outcomes in practice, statistics)."""

PL = {
    # networks: outcomes in practice
    "Outcome in practice recorded": "Zapisane wdrożenie w praktyce",
    "what was applied": "co wdrożono",
    "when": "kiedy",
    "with whom": "z kim",
    "A class, a group of readers, colleagues…": "Klasa, grupa czytelników, współpracownicy…",
    "goal of the network it served": "cel sieci, któremu służyło",
    "evidence (link)": "dowód (link)",
    "A link to a material in the bank, a photo gallery, a document…": (
        "Link do materiału w banku, galerii zdjęć, dokumentu…"
    ),
    "evidence (description)": "dowód (opis)",
    "how the learners or colleagues responded": "jak zareagowali uczniowie lub współpracownicy",
    "coordinator's comment": "komentarz koordynatora",
    "outcome in practice": "wdrożenie w praktyce",
    "outcomes in practice": "wdrożenia w praktyce",
    "Choose one of this network's goals.": "Wybierz jeden z celów tej sieci.",
    "An outcome is recorded once it has happened.": (
        "Wdrożenie zapisuje się dopiero wtedy, gdy już się wydarzy."
    ),
    "Outcomes in practice": "Wdrożenia w praktyce",
    "You can use Markdown.": "Możesz używać formatowania Markdown.",
    "Coordinator's comment": "Komentarz koordynatora",
    "Outcome recorded. Thank you for sharing it.": "Wdrożenie zapisane. Dziękujemy, że się nim dzielisz.",
    "Comment saved.": "Komentarz zapisany.",
    "The comment is too long.": "Komentarz jest za długi.",
    "What members applied in their own schools and libraries: what, when, with whom and how it went.": (
        "Co członkowie sieci wdrożyli w swoich szkołach i bibliotekach: co, kiedy, z kim i jak poszło."
    ),
    "A former member": "Były członek sieci",
    "Goal": "Cel",
    "Evidence": "Dowód",
    "How the learners or colleagues responded": "Jak zareagowali uczniowie lub współpracownicy",
    "The coordinator": "Koordynator",
    "%(name)s commented:": "%(name)s komentuje:",
    "Save comment": "Zapisz komentarz",
    "No outcomes have been recorded yet.": "Nie zapisano jeszcze żadnych wdrożeń.",
    "Record an outcome": "Zapisz wdrożenie",
    "Record": "Zapisz",
    "All outcomes in practice": "Wszystkie wdrożenia w praktyce",
}
