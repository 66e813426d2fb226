"""Polish for the anonymous-survey work (evaluation app): sealed answers, release at closing."""

PL = {
    "Results of an anonymous survey appear when it closes, and only if at least this many people other than the coordinators answered.": "Wyniki ankiety anonimowej pojawiają się po jej zamknięciu i tylko wtedy, gdy odpowiedziało co najmniej tyle osób poza koordynatorami.",
    "An anonymous survey that has closed cannot be opened again.": "Zamkniętej ankiety anonimowej nie można otworzyć ponownie.",
    "Fewer than %(counter)s person other than the coordinators answered, so the answers were deleted unread when the survey closed: an anonymous survey never shows results from so few people.": [
        "Odpowiedziało mniej niż %(counter)s osoba poza koordynatorami, więc przy zamknięciu ankiety odpowiedzi zostały usunięte bez odczytania: ankieta anonimowa nigdy nie pokazuje wyników od tak niewielu osób.",
        "Odpowiedziało mniej niż %(counter)s osoby poza koordynatorami, więc przy zamknięciu ankiety odpowiedzi zostały usunięte bez odczytania: ankieta anonimowa nigdy nie pokazuje wyników od tak niewielu osób.",
        "Odpowiedziało mniej niż %(counter)s osób poza koordynatorami, więc przy zamknięciu ankiety odpowiedzi zostały usunięte bez odczytania: ankieta anonimowa nigdy nie pokazuje wyników od tak niewielu osób.",
    ],
    "The survey has closed and its answers are being released; the results will be here within a few minutes.": "Ankieta została zamknięta, a jej odpowiedzi są właśnie udostępniane; wyniki pojawią się tu w ciągu kilku minut.",
    "The answers of an anonymous survey stay sealed while it is open — nobody can read them, the coordinators included. The results appear here when it closes, if at least %(counter)s person other than the coordinators has answered.": [
        "Odpowiedzi ankiety anonimowej pozostają zapieczętowane, dopóki jest otwarta — nikt nie może ich przeczytać, także koordynatorzy. Wyniki pojawią się tu po jej zamknięciu, jeśli odpowie co najmniej %(counter)s osoba poza koordynatorami.",
        "Odpowiedzi ankiety anonimowej pozostają zapieczętowane, dopóki jest otwarta — nikt nie może ich przeczytać, także koordynatorzy. Wyniki pojawią się tu po jej zamknięciu, jeśli odpowiedzą co najmniej %(counter)s osoby poza koordynatorami.",
        "Odpowiedzi ankiety anonimowej pozostają zapieczętowane, dopóki jest otwarta — nikt nie może ich przeczytać, także koordynatorzy. Wyniki pojawią się tu po jej zamknięciu, jeśli odpowie co najmniej %(counter)s osób poza koordynatorami.",
    ],
    "This survey is anonymous": "Ta ankieta jest anonimowa",
    "What is recorded: that you have taken part — so that you cannot answer twice and reminders go only to those who have not answered yet.": "Co zapisujemy: że wzięłaś lub wziąłeś udział — żeby nie dało się odpowiedzieć dwa razy i żeby przypomnienia trafiały tylko do osób, które jeszcze nie odpowiedziały.",
    "What is not recorded: which answers are yours, and when you answered. Nobody — the coordinators, platform staff or anyone reading the database — can link your answers to you, put the answers in order or tell which came last.": "Czego nie zapisujemy: które odpowiedzi są Twoje i kiedy odpowiedziałaś lub odpowiedziałeś. Nikt — ani koordynatorzy, ani obsługa platformy, ani nikt z dostępem do bazy danych — nie może powiązać odpowiedzi z Tobą, ułożyć odpowiedzi w kolejności ani wskazać, które przyszły jako ostatnie.",
    "Your answers stay sealed until the survey closes; then they are released all together, in random order. The results are shown only after closing, and only if at least %(counter)s person other than the coordinators has answered — otherwise the answers are deleted unread.": [
        "Twoje odpowiedzi pozostają zapieczętowane do zamknięcia ankiety; potem zostają udostępnione wszystkie naraz, w losowej kolejności. Wyniki są pokazywane dopiero po zamknięciu i tylko wtedy, gdy odpowie co najmniej %(counter)s osoba poza koordynatorami — w przeciwnym razie odpowiedzi zostają usunięte bez odczytania.",
        "Twoje odpowiedzi pozostają zapieczętowane do zamknięcia ankiety; potem zostają udostępnione wszystkie naraz, w losowej kolejności. Wyniki są pokazywane dopiero po zamknięciu i tylko wtedy, gdy odpowiedzą co najmniej %(counter)s osoby poza koordynatorami — w przeciwnym razie odpowiedzi zostają usunięte bez odczytania.",
        "Twoje odpowiedzi pozostają zapieczętowane do zamknięcia ankiety; potem zostają udostępnione wszystkie naraz, w losowej kolejności. Wyniki są pokazywane dopiero po zamknięciu i tylko wtedy, gdy odpowie co najmniej %(counter)s osób poza koordynatorami — w przeciwnym razie odpowiedzi zostają usunięte bez odczytania.",
    ],
    "Because the survey is anonymous, saved answers are kept for this browser only, locked with a key that only this browser holds; they are deleted when you send your answers or when the survey closes.": "Ponieważ ankieta jest anonimowa, zapisane odpowiedzi są przechowywane tylko dla tej przeglądarki, zamknięte kluczem, który ma wyłącznie ona; usuwamy je, gdy wyślesz odpowiedzi albo gdy ankieta się zamknie.",
}
