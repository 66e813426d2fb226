PL = {
    # networks: invitations for the address they were sent to
    "This invitation was sent to another e-mail address": (
        "To zaproszenie wysłano na inny adres e-mail"
    ),
    "The invitation was sent to <strong>%(email)s</strong>. Only an account that has this "
    "address, confirmed, can accept it; your account does not have it (or has not confirmed "
    "it yet).": (
        "Zaproszenie wysłano na adres <strong>%(email)s</strong>. Przyjąć je może tylko konto, "
        "które ma ten adres potwierdzony; Twoje konto go nie ma (albo jeszcze go nie "
        "potwierdziło)."
    ),
    "If the address is yours, add it to your account and confirm it with the link we send "
    "there, then open the invitation again. If you have another account with this address, "
    "log in to it.": (
        "Jeśli to Twój adres, dodaj go do swojego konta i potwierdź linkiem, który na niego "
        "wyślemy, a potem otwórz zaproszenie jeszcze raz. Jeśli masz inne konto z tym adresem, "
        "zaloguj się na nie."
    ),
    "Add or confirm an e-mail address": "Dodaj lub potwierdź adres e-mail",
    # resources: hidden networks are not named to outsiders
    "a network that is not public": "sieć niepubliczna",
    "A network that is not public": "Sieć niepubliczna",
    # resources: changes to a published material wait for review
    "changes waiting for review": "zmiany czekające na akceptację",
    "Changes waiting for review": "Zmiany czekające na akceptację",
    "Changes submitted": "Zgłoszono zmiany",
    "Changes published": "Opublikowano zmiany",
    "Changes returned": "Zwrócono zmiany",
    "The curator returned these changes with a comment; edit the material to rework them.": (
        "Kurator zwrócił te zmiany z komentarzem; popraw je, edytując materiał."
    ),
    "Everyone sees the published version below until a curator publishes these changes.": (
        "Do czasu, aż kurator opublikuje te zmiany, wszyscy widzą poniżej wersję opublikowaną."
    ),
    "new version of %(name)s": "nowa wersja pliku %(name)s",
    "new file": "nowy plik",
    "The authors changed this published material (see “Changes waiting for review”). "
    "Everyone sees the published version until you publish the changes.": (
        "Autorzy zmienili ten opublikowany materiał (zob. „Zmiany czekające na akceptację”). "
        "Do czasu opublikowania zmian wszyscy widzą wersję opublikowaną."
    ),
    "%(author)s changed the published material “%(title)s”; the changes wait for your review.": (
        "%(author)s zmienia opublikowany materiał „%(title)s”; zmiany czekają na Twoją akceptację."
    ),
    "The changes to your material “%(title)s” are now public.": (
        "Zmiany w Twoim materiale „%(title)s” są już publiczne."
    ),
    "The changes to your material “%(title)s” were returned: %(comment)s": (
        "Zmiany w Twoim materiale „%(title)s” zostały zwrócone: %(comment)s"
    ),
    "No changes are waiting for review.": "Żadne zmiany nie czekają na akceptację.",
    "The changes are now public in the bank.": "Zmiany są już publiczne w banku.",
    "The changes have been returned to the authors.": "Zmiany zwrócono autorom.",
    "Your changes are waiting for review; until a curator publishes them, everyone sees the "
    "published version.": (
        "Twoje zmiany czekają na akceptację; do czasu ich opublikowania przez kuratora wszyscy "
        "widzą wersję opublikowaną."
    ),
}
