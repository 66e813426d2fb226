"""Polish for first steps for newcomers and help (issue 15, parts 2 and 3): the sign-up form,
pending invitations, the first-login checklist and the guides at /pomoc/.

Glossary words: sieć, koordynator, uczestnik, wątek, wpis, materiał, bank dobrych praktyk,
etap, spotkanie, licencja.
"""

PL = {
    # accounts/signup.py
    "Your name as others will see it": "Imię i nazwisko widoczne dla innych",
    "For example “Anna Kowalska”. Your e-mail address is never shown to others.": "Na przykład "
    "„Anna Kowalska”. Twój adres e-mail nigdy nie jest pokazywany innym.",
    "Institution (optional)": "Placówka (nieobowiązkowo)",
    "Where you work, e.g. “Primary School No. 5 in Zamość”.": "Gdzie pracujesz, np. "
    "„Szkoła Podstawowa nr 5 w Zamościu”.",
    "Role (optional)": "Rola (nieobowiązkowo)",
    "Enter the name other members will see.": "Wpisz imię i nazwisko, które zobaczą inni "
    "uczestnicy.",
    # accounts/models.py
    "first steps dismissed": "pierwsze kroki ukryte",
    # accounts/apps.py, networks/apps.py, notifications/apps.py: the first steps
    "Complete your profile": "Uzupełnij profil",
    "Your name, your institution and your role, so others know who you are.": "Imię i "
    "nazwisko, placówka i rola — żeby inni wiedzieli, kim jesteś.",
    "Join or find a network": "Dołącz do sieci lub ją znajdź",
    "Browse the catalogue and join a network on a topic that interests you.": "Przejrzyj "
    "katalog i dołącz do sieci na temat, który Cię interesuje.",
    "Add the meetings to your calendar": "Dodaj spotkania do swojego kalendarza",
    "Get your private calendar address for your phone or computer.": "Pobierz prywatny adres "
    "kalendarza na telefon lub komputer.",
    "Choose which e-mails you get": "Wybierz, jakie e-maile chcesz dostawać",
    "Right away, once a day, once a week or never: you decide.": "Od razu, raz dziennie, raz "
    "w tygodniu albo wcale — Ty decydujesz.",
    # accounts/templates/accounts/partials/_first_steps.html
    "Your first steps": "Twoje pierwsze kroki",
    "Hide this list": "Ukryj tę listę",
    "Four short things that make the platform work for you. The list disappears when they "
    "are all done.": "Cztery krótkie sprawy, dzięki którym platforma będzie Ci służyć. Lista "
    "zniknie, gdy wszystkie będą zrobione.",
    "Help and guides": "Pomoc i poradniki",
    "already done": "już zrobione",
    "still to do": "jeszcze do zrobienia",
    # networks/templates/networks/partials/_pending_invitations.html
    "You are invited to %(network)s": "Zaproszenie do sieci %(network)s",
    "As: %(role)s · sent to %(email)s": "Jako: %(role)s · wysłane na adres %(email)s",
    "Details": "Szczegóły",
    # core/help.py
    "First steps: your account": "Pierwsze kroki: Twoje konto",
    "Create an account, answer an invitation, fill in your profile.": "Załóż konto, odpowiedz "
    "na zaproszenie, uzupełnij profil.",
    "For coordinators: running a network": "Dla koordynatorów: prowadzenie sieci",
    "Create a network, invite people and lead it through its stages.": "Załóż sieć, zaproś "
    "ludzi i przeprowadź sieć przez kolejne etapy.",
    "For teachers: discussing and sharing": "Dla nauczycieli: rozmowa i dzielenie się",
    "Join a network, write in a thread, share a material.": "Dołącz do sieci, napisz w wątku, "
    "udostępnij materiał.",
    "For librarians: using the bank": "Dla bibliotekarzy: korzystanie z banku",
    "Search the bank of good practices, download, rate and save materials.": "Przeszukuj bank "
    "dobrych praktyk, pobieraj, oceniaj i zapisuj materiały.",
    # core/templates/core/help/ and the links to it
    "Help": "Pomoc",
    "Help: how this page works": "Pomoc: jak działa ta strona",
    "Breadcrumbs": "Ścieżka nawigacji",
    "Other guides": "Inne poradniki",
    "Still stuck? Write to the coordinator of your network: they will help you.": "Nadal coś "
    "nie działa? Napisz do koordynatora swojej sieci — pomoże Ci.",
    "Short guides with pictures. Each one shows, step by step, what to click.": "Krótkie "
    "poradniki z obrazkami. Każdy pokazuje krok po kroku, co kliknąć.",
    "Choose the guide that fits what you do on the platform. You do not need to read "
    "everything: the steps are short and you can come back at any time.": "Wybierz poradnik, "
    "który pasuje do tego, co robisz na platformie. Nie musisz czytać wszystkiego: kroki są "
    "krótkie i możesz tu wrócić w każdej chwili.",
    "Three things worth knowing": "Trzy rzeczy, które warto wiedzieć",
    "What you write in a network is seen only by its members.": "To, co piszesz w sieci, "
    "widzą tylko jej uczestnicy.",
    "Your e-mail address is never shown to other people.": "Twój adres e-mail nigdy nie jest "
    "pokazywany innym osobom.",
    "You can leave a network, download your data or delete your account at any time.": "W "
    "każdej chwili możesz opuścić sieć, pobrać swoje dane albo usunąć konto.",
    # guide: first steps
    "Create an account": "Załóż konto",
    "Click “Sign up” in the top menu.": "Kliknij „Załóż konto” w górnym menu.",
    "Type your e-mail address.": "Wpisz swój adres e-mail.",
    "Type your name as others should see it, for example “Anna Kowalska”.": "Wpisz imię i "
    "nazwisko tak, jak mają je widzieć inni, na przykład „Anna Kowalska”.",
    "Choose a password and type it twice.": "Wymyśl hasło i wpisz je dwa razy.",
    "You may add your institution and your role. You can also do it later.": "Możesz dodać "
    "swoją placówkę i rolę. Możesz też zrobić to później.",
    "Click the “Sign Up” button under the form.": "Kliknij przycisk „Zarejestruj się” pod "
    "formularzem.",
    "Open your e-mail. Click the link in our message to confirm your address.": "Otwórz "
    "skrzynkę e-mail. Kliknij link w naszej wiadomości, aby potwierdzić adres.",
    "The sign-up form: name, e-mail address, password, institution and role.": "Formularz "
    "rejestracji: imię i nazwisko, adres e-mail, hasło, placówka i rola.",
    "Answer an invitation": "Odpowiedz na zaproszenie",
    "A coordinator may invite you by e-mail. The invitation waits for you, even if you sign "
    "up on another computer or phone.": "Koordynator może zaprosić Cię e-mailem. Zaproszenie "
    "poczeka na Ciebie, nawet jeśli zarejestrujesz się na innym komputerze lub telefonie.",
    "Sign up or log in with the address the invitation was sent to.": "Zarejestruj się lub "
    "zaloguj adresem, na który przyszło zaproszenie.",
    "Open “My networks”. Your invitations are at the top.": "Otwórz „Moje sieci”. Twoje "
    "zaproszenia są na górze.",
    "Click “Accept and join”. Or click “Decline” if you do not want to join.": "Kliknij "
    "„Przyjmij i dołącz”. Albo kliknij „Odrzuć”, jeśli nie chcesz dołączyć.",
    "Do you log in with another address? Add the invited address under “My profile” → "
    "“E-mail addresses” and confirm it.": "Logujesz się innym adresem? Dodaj zaproszony adres "
    "w „Mój profil” → „Adresy e-mail” i potwierdź go.",
    "My networks with an invitation at the top and the buttons “Accept and join” and "
    "“Decline”.": "Strona „Moje sieci” z zaproszeniem na górze oraz przyciskami „Przyjmij i "
    "dołącz” i „Odrzuć”.",
    "After you log in, your profile shows a short list of first steps. Each step is ticked "
    "by itself when you have done it.": "Po zalogowaniu w profilu zobaczysz krótką listę "
    "pierwszych kroków. Każdy krok sam się odhacza, gdy go wykonasz.",
    "Complete your profile: your institution and your role.": "Uzupełnij profil: placówkę i rolę.",
    "Join or find a network.": "Dołącz do sieci lub ją znajdź.",
    "Add the meetings to your calendar.": "Dodaj spotkania do swojego kalendarza.",
    "Choose which e-mails you get.": "Wybierz, jakie e-maile chcesz dostawać.",
    "The profile page with the list of first steps; the done steps are ticked.": "Strona "
    "profilu z listą pierwszych kroków; zrobione kroki są odhaczone.",
    # guide: coordinator
    "You lead a network: you agree its goals with the participants, plan meetings and move "
    "the network through its stages. This guide shows where each thing is.": "Prowadzisz "
    "sieć: ustalasz cele z uczestnikami, planujesz spotkania i przeprowadzasz sieć przez "
    "kolejne etapy. Ten poradnik pokazuje, gdzie co jest.",
    "1. Create the network": "1. Załóż sieć",
    "Open “Networks” in the top menu and click “Create a network”.": "Otwórz „Sieci” w "
    "górnym menu i kliknij „Utwórz sieć”.",
    "Give the name, the topic and a short description.": "Podaj nazwę, temat i krótki opis.",
    "Choose who may see the network (public or hidden) and how people join (open, on "
    "request or by invitation).": "Wybierz, kto może widzieć sieć (publiczna lub ukryta) i "
    "jak się do niej dołącza (swobodnie, na prośbę lub na zaproszenie).",
    "Click “Create the network”. You are its coordinator.": "Kliknij „Utwórz sieć”. Jesteś "
    "jej koordynatorem.",
    "Do you not see “Create a network”? Ask the platform staff to allow you to create "
    "networks.": "Nie widzisz „Utwórz sieć”? Poproś obsługę platformy o prawo do zakładania sieci.",
    "2. Invite people": "2. Zaproś ludzi",
    "Open your network and click “Coordinate”.": "Otwórz swoją sieć i kliknij „Koordynacja”.",
    "Under “Invite by e-mail”, type the person's address. You may add a short message.": "W "
    "części „Zaproś e-mailem” wpisz adres osoby. Możesz dodać krótką wiadomość.",
    "Click “Send the invitation”. The person gets an e-mail with a link.": "Kliknij „Wyślij "
    "zaproszenie”. Osoba dostanie e-mail z linkiem.",
    "On the same page you approve or decline requests to join.": "Na tej samej stronie "
    "przyjmujesz lub odrzucasz prośby o dołączenie.",
    "The coordination page: requests to join, invitations waiting for an answer and the form "
    "“Invite by e-mail”.": "Strona koordynacji: prośby o dołączenie, zaproszenia czekające na "
    "odpowiedź i formularz „Zaproś e-mailem”.",
    "3. Lead the network through its stages": "3. Przeprowadź sieć przez etapy",
    "A network works in five stages. Each stage has a short list of tasks.": "Sieć pracuje w "
    "pięciu etapach. Każdy etap ma krótką listę zadań.",
    "Probing: find out what the participants need.": "Sondowanie: dowiedz się, czego "
    "potrzebują uczestnicy.",
    "Topic and goal: agree on the topic and the main goal.": "Wybór tematu i określenie "
    "celu: uzgodnijcie temat i cel główny.",
    "Working in the network: meetings, discussions, materials.": "Działanie w sieci: "
    "spotkania, dyskusje, materiały.",
    "Applying in practice: participants try the ideas in their schools.": "Wykorzystanie w "
    "praktyce: uczestnicy wypróbowują pomysły w swoich szkołach.",
    "Reflection and evaluation: a survey and a summary of what worked.": "Refleksja i ocena: "
    "ankieta i podsumowanie tego, co się udało.",
    "To move to the next stage, go to “Coordinate”, choose the stage under “Stage of the "
    "network” and click “Change the stage”. Members see the change.": "Aby przejść do "
    "kolejnego etapu, otwórz zakładkę „Koordynacja”, wybierz etap w części „Etap pracy sieci” i kliknij "
    "„Zmień etap”. Uczestnicy zobaczą zmianę.",
    "4. Agree the goals and the plan": "4. Uzgodnij cele i plan",
    "Click “Goals and plan” in the network menu.": "Kliknij „Cele i plan” w menu sieci.",
    "Add the goals and the activities with their dates.": "Dodaj cele i działania z terminami.",
    "Members comment and agree. Read their comments and adjust the plan.": "Uczestnicy "
    "komentują i wyrażają zgodę. Przeczytaj komentarze i popraw plan.",
    "The goals and plan page with the buttons “Add a goal” and “Add an activity”.": "Strona "
    "celów i planu z przyciskami „Dodaj cel” i „Dodaj działanie”.",
    "5. Plan a meeting": "5. Zaplanuj spotkanie",
    "Click “Meetings” in the network menu, then “Schedule a meeting”.": "Kliknij "
    "„Spotkania” w menu sieci, a potem „Zaplanuj spotkanie”.",
    "Give the title, the date and the time, and choose: in person, online or hybrid.": "Podaj "
    "tytuł, datę i godzinę oraz wybierz: stacjonarne, online lub hybrydowe.",
    "Click “Schedule”. Members get an invitation and reminders before the meeting.": "Kliknij "
    "„Zaplanuj”. Uczestnicy dostaną zaproszenie i przypomnienia przed spotkaniem.",
    "After the meeting, record who attended and add a short note.": "Po spotkaniu zaznacz "
    "obecność i dodaj krótką notatkę ze spotkania.",
    "The form for a new meeting: title, date, time and the form of the meeting.": "Formularz "
    "nowego spotkania: tytuł, data, godzina i forma spotkania.",
    # guide: teacher
    "In a network you talk with teachers from other schools and share what works in your "
    "classroom. Only members of the network see what you write there.": "W sieci rozmawiasz "
    "z nauczycielami z innych szkół i dzielisz się tym, co sprawdza się na Twoich lekcjach. "
    "To, co tam piszesz, widzą tylko uczestnicy sieci.",
    "1. Find a network and join it": "1. Znajdź sieć i dołącz do niej",
    "Click “Networks” in the top menu.": "Kliknij „Sieci” w górnym menu.",
    "Type a topic in the search box, for example “reading”.": "Wpisz temat w polu "
    "wyszukiwania, na przykład „czytanie”.",
    "Open a network and click “Join the network” (or “Ask to join”).": "Otwórz sieć i kliknij "
    "„Dołącz do sieci” (albo „Poproś o dołączenie”).",
    "The catalogue of networks with a search box and network cards.": "Katalog sieci z polem "
    "wyszukiwania i kartami sieci.",
    "2. Write in a thread": "2. Napisz w wątku",
    "Open your network and click “Discussions”.": "Otwórz swoją sieć i kliknij „Dyskusje”.",
    "Click a thread to read it, or “Start a thread” to ask something new.": "Kliknij wątek, "
    "aby go przeczytać, albo „Rozpocznij wątek”, aby zapytać o coś nowego.",
    "Write your answer in the box under the posts.": "Wpisz odpowiedź w polu pod wpisami.",
    "Click “Post reply”. The others get a notification.": "Kliknij „Opublikuj odpowiedź”. "
    "Pozostali dostaną powiadomienie.",
    "If the coordinator allows it, you can post anonymously: then everyone sees “anonymous "
    "participant” instead of your name.": "Jeśli koordynator na to pozwala, możesz pisać "
    "anonimowo: wtedy wszyscy zobaczą „anonimowy uczestnik” zamiast Twojego imienia i "
    "nazwiska.",
    "A thread: the posts one under another and the reply box at the bottom.": "Wątek: wpisy "
    "jeden pod drugim i pole odpowiedzi na dole.",
    "3. Share a material": "3. Udostępnij materiał",
    "Open your network and click “Materials”, then “Share a material”.": "Otwórz swoją sieć i "
    "kliknij „Materiały”, a potem „Udostępnij materiał”.",
    "Give the title and a short description. Attach the file, for example a lesson "
    "scenario.": "Podaj tytuł i krótki opis. Dołącz plik, na przykład scenariusz zajęć.",
    "Choose the licence. CC BY means others may use it if they name you.": "Wybierz "
    "licencję. CC BY oznacza, że inni mogą z materiału korzystać, jeśli podadzą Ciebie jako "
    "autora.",
    "Click “Share with the network”. The members of your network see it at once.": "Kliknij "
    "„Udostępnij sieci”. "
    "Uczestnicy Twojej sieci od razu go zobaczą.",
    "Want everyone to find it? Open the material and click “Submit to the public bank”. A "
    "coordinator checks it and publishes it.": "Chcesz, żeby znaleźli go wszyscy? Otwórz "
    "materiał i kliknij „Zgłoś do publicznego banku”. Koordynator go sprawdzi i opublikuje.",
    "The form for sharing a material: title, description, file and licence.": "Formularz "
    "udostępniania materiału: tytuł, opis, plik i licencja.",
    # guide: librarian
    "The bank of good practices holds lesson scenarios, tutorials and bibliographies from "
    "teachers' networks. Anyone can search it and download from it, with or without an "
    "account.": "W banku dobrych praktyk są scenariusze zajęć, samouczki i zestawienia "
    "bibliograficzne z sieci nauczycieli. Każdy może go przeszukiwać i pobierać materiały, "
    "z kontem lub bez.",
    "1. Search the bank": "1. Przeszukaj bank",
    "Click “Bank of good practices” in the top menu.": "Kliknij „Bank dobrych praktyk” w "
    "górnym menu.",
    "Type what you look for, for example “reading aloud”, and click “Search”.": "Wpisz, czego "
    "szukasz, na przykład „głośne czytanie”, i kliknij „Szukaj”.",
    "Narrow the list with the filters: type of material, subject, education level.": "Zawęź "
    "listę filtrami: rodzaj materiału, przedmiot, etap edukacyjny.",
    "Change the order if you want: newest, best rated or most downloaded.": "Jeśli chcesz, "
    "zmień kolejność: najnowsze, najwyżej oceniane lub najczęściej pobierane.",
    "The bank of good practices: the search box, the filters on the side and the list of "
    "materials.": "Bank dobrych praktyk: pole wyszukiwania, filtry z boku i lista materiałów.",
    "2. Download, rate and save": "2. Pobierz, oceń i zapisz",
    "Click the title of a material to open it.": "Kliknij tytuł materiału, aby go otworzyć.",
    "Under “Files and links”, click a file to download it.": "W części „Pliki i linki” "
    "kliknij plik, aby go pobrać.",
    "Choose a rating from 1 to 5 and click “Save my rating”. It helps others choose.": "Wybierz "
    "ocenę od 1 do 5 i kliknij „Zapisz moją ocenę”. To pomaga innym wybierać.",
    "Click “Put on my shelf” to find it again later under “My shelf”.": "Kliknij „Odłóż na "
    "moją półkę”, aby później łatwo go znaleźć w „Mojej półce”.",
    "A material: its description, the files to download, the rating and the button “Put on "
    "my shelf”.": "Materiał: opis, pliki do pobrania, ocena i przycisk „Odłóż na moją półkę”.",
    "3. Make a reading list for schools": "3. Przygotuj zestawienie dla szkół",
    "Search and filter the materials you need.": "Wyszukaj i odfiltruj potrzebne materiały.",
    "Under the list, choose “CSV (spreadsheet)” or “RIS (citations)”.": "Pod listą wybierz "
    "„CSV (arkusz kalkulacyjny)” lub „RIS (cytowania)”.",
    "Open the file in a spreadsheet or in your reference manager and send it to the "
    "schools.": "Otwórz plik w arkuszu kalkulacyjnym lub w programie do bibliografii i wyślij "
    "go do szkół.",
}
PL["Hello from %(site_name)s!"] = "Dzień dobry, pisze do Ciebie %(site_name)s!"
PL["Thank you for using %(site_name)s!\n%(site_domain)s"] = (
    "Dziękujemy, że korzystasz z platformy %(site_name)s!\n%(site_domain)s"
)
