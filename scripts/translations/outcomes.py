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
    # evaluation: statistics
    "Entries per day: visits divided by the days of the period (of a period not yet over, by the days so far).": (
        "Średnio wejść dziennie: wejścia podzielone przez liczbę dni okresu (w okresie, który "
        "jeszcze trwa, przez liczbę dni, które już minęły)."
    ),
    "Visits (entries): each member's first visit to the network on a day.": (
        "Wejścia: pierwsze tego dnia wejście członka do sieci."
    ),
    "Threads: new discussion threads.": "Wątki: nowe wątki w dyskusjach.",
    "Posts: every post in the discussions, anonymous ones included.": (
        "Wpisy: każdy wpis w dyskusjach, także anonimowy."
    ),
    "People who wrote posts: different people who wrote at least one signed post (once per month; once in the whole period).": (
        "Osoby piszące: różne osoby, które napisały co najmniej jeden podpisany wpis (raz w "
        "miesiącu; raz w całym okresie)."
    ),
    "Materials shared: different materials added or given a new file.": (
        "Udostępnione materiały: różne materiały dodane lub z nowym plikiem."
    ),
    "Downloads: every download of a material.": "Pobrania: każde pobranie materiału.",
    "Meetings with attendance: meetings whose attendance list was taken.": (
        "Spotkania ze sprawdzoną obecnością: spotkania, na których sprawdzono listę obecności."
    ),
    "Attendances at meetings: each person present at each meeting.": (
        "Obecności na spotkaniach: każda osoba obecna na każdym spotkaniu."
    ),
    "Outcomes in practice: what members recorded having applied in their schools and libraries.": (
        "Wdrożenia w praktyce: to, co członkowie zapisali jako wdrożone w swoich szkołach i "
        "bibliotekach."
    ),
    "Measure": "Miara",
    "Days in the period": "Dni w okresie",
    "Entries per day": "Średnio wejść dziennie",
    "What is counted": "Co jest liczone",
    "Per month": "W miesiącach",
    "Networks": "Sieci",
    "School year": "Rok szkolny",
    "Give both dates of the period, or choose a school year.": (
        "Podaj obie daty okresu albo wybierz rok szkolny."
    ),
    "Show these dates": "Pokaż ten okres",
    "In short": "W skrócie",
    "Download the figures:": "Pobierz dane:",
    "Platform statistics": "Statystyka platformy",
}
