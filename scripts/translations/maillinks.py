PL = {
    # notifications
    "attachments": "załączniki",
    "Go to the page on Sieci": "Przejdź do strony w Sieciach",
    "This link cannot be used": "Tego linku nie można użyć",
    "The link is damaged or incomplete. Copy the whole link from the e-mail.": (
        "Link jest uszkodzony lub niepełny. Skopiuj cały link z wiadomości e-mail."
    ),
    # networks: meeting e-mails and the answer page
    "Network:": "Sieć:",
    "Each button opens a page where you confirm your answer.": (
        "Każdy przycisk otwiera stronę, na której potwierdzasz odpowiedź."
    ),
    "Each button opens a page where you confirm your answer. "
    "The calendar file attached adds the meeting to your calendar.": (
        "Każdy przycisk otwiera stronę, na której potwierdzasz odpowiedź. "
        "Załączony plik kalendarza dodaje spotkanie do Twojego kalendarza."
    ),
    "The link has expired. Answer on the meeting's page on Sieci.": (
        "Link wygasł. Odpowiedz na stronie spotkania w Sieciach."
    ),
    "The meeting or the account this link was made for no longer exists.": (
        "Spotkanie lub konto, dla którego utworzono ten link, już nie istnieje."
    ),
    "This link was sent to someone else. Answer on the meeting's page instead.": (
        "Ten link został wysłany do innej osoby. Odpowiedz na stronie spotkania."
    ),
    "The meeting has been cancelled, so there is nothing to answer.": (
        "Spotkanie zostało odwołane, więc nie ma na co odpowiadać."
    ),
    "The meeting has already begun, so answers are closed.": (
        "Spotkanie już się rozpoczęło, więc nie można już odpowiadać."
    ),
    "You can no longer answer: you are not a member of the network.": (
        "Nie możesz już odpowiedzieć: nie należysz do tej sieci."
    ),
    "A meeting of the network %(network)s, %(when)s.": "Spotkanie sieci %(network)s, %(when)s.",
    "You answer as %(name)s.": "Odpowiadasz jako %(name)s.",
    "Your answer so far:": "Twoja dotychczasowa odpowiedź:",
    "Confirm your answer": "Potwierdź odpowiedź",
    # evaluation: the survey reminder's link
    "The link has expired. Open the survey from your network's page on Sieci.": (
        "Link wygasł. Otwórz ankietę ze strony swojej sieci w Sieciach."
    ),
    "This link was sent to someone else. Open the survey from your network's page.": (
        "Ten link został wysłany do innej osoby. Otwórz ankietę ze strony swojej sieci."
    ),
    "The survey is closed, so it takes no more answers.": (
        "Ankieta jest zamknięta i nie przyjmuje już odpowiedzi."
    ),
}
