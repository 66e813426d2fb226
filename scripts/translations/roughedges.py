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
PL.update(
    {
        # The noun in the survey results' tables (the verb "Answer" is "Odpowiedz").
        "Response": "Odpowiedź",
        "This survey has not been published yet, so it has no results.": (
            "Ta ankieta nie została jeszcze opublikowana, więc nie ma wyników."
        ),
        "The coordinators have not shared the results of this survey with members: they use "
        "them to evaluate and plan the work of the network.": (
            "Koordynatorzy nie udostępnili wyników tej ankiety uczestnikom: służą im do "
            "ewaluacji i planowania pracy sieci."
        ),
        "The results will appear here when the survey closes, on %(date)s.": (
            "Wyniki pojawią się tutaj po zamknięciu ankiety, %(date)s."
        ),
        "Back to the surveys": "Wróć do ankiet",
    }
)
PL.update(
    {
        # Column headers of the bank's exports.
        "Levels": "Etapy edukacyjne",
        "Publication date": "Data publikacji",
        "Web address": "Adres strony",
        "XLSX (Excel)": "XLSX (Excel)",
    }
)
PL.update(
    {
        "Say what you changed since the material was returned.": (
            "Napisz, co zostało zmienione od zwrócenia materiału."
        ),
        "%(author)s submitted “%(title)s” again: %(note)s": (
            "%(author)s ponownie zgłasza „%(title)s”: %(note)s"
        ),
        "What have you changed?": "Co zostało zmienione?",
        "The coordinator who returned the material reads it before deciding again.": (
            "Koordynator, który zwrócił materiał, przeczyta to przed ponowną decyzją."
        ),
        "Submit again": "Zgłoś ponownie",
        "Submitted again after it was returned. What the author changed:": (
            "Zgłoszony ponownie po zwróceniu. Co zmienił autor:"
        ),
        "Show filters": "Pokaż filtry",
        "some are on": "niektóre włączone",
    }
)
PL.update(
    {
        "name in English": "nazwa po angielsku",
        "Table of planned activities": "Tabela zaplanowanych działań",
        "Table of activity per month": "Tabela aktywności w miesiącach",
        "Table of the moderation log": "Tabela dziennika moderacji",
    }
)
PL["Institution"] = "Placówka"
