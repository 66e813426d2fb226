"""Polish for the anonymous posts work (forums): anonymity, the reveal and its admin page.

Glossary words: anonimowy uczestnik, wpis, wątek, koordynator, dziennik moderacji.
"""

PL = {
    # forums/forms.py
    "Why do you need to know who wrote it?": "Dlaczego musisz wiedzieć, kto to napisał?",
    "Required. The reason is written to the moderation log, and the author is told that "
    "you revealed it and why.": "Wymagane. Powód zostanie zapisany w dzienniku moderacji, "
    "a autor lub autorka dowie się, że to Ty ujawniłeś(-aś) autorstwo i dlaczego.",
    "Say why you need to know who wrote the post; the author will read it.": "Napisz, "
    "dlaczego musisz wiedzieć, kto napisał ten wpis; autor lub autorka to przeczyta.",
    "Everyone, the coordinators included, sees “anonymous participant”. Only in a serious "
    "case may a coordinator or the platform staff reveal who wrote it, giving a reason; "
    "that is logged and you are told.": "Wszyscy, także koordynatorzy, zobaczą „anonimowy "
    "uczestnik”. Tylko w poważnej sprawie koordynator lub obsługa platformy może ujawnić, "
    "kto to napisał, podając powód; zostanie to zapisane, a Ty otrzymasz powiadomienie.",
    # forums/services/moderation.py
    "%(name)s revealed that you wrote an anonymous post in “%(thread)s”. Reason: %(reason)s": (
        "%(name)s ujawnił(a), że to Ty napisałeś(-aś) anonimowy wpis w wątku „%(thread)s”. "
        "Powód: %(reason)s"
    ),
    "Platform staff": "Obsługa platformy",
    # forums/admin.py
    "edited by": "kto edytował",
    "reveal the author": "ujawnienie autora",
    "Reveal the author (with a reason, logged, the author is told)": "Ujawnij autora (z "
    "podaniem powodu, zapisywane w dzienniku, autor otrzyma powiadomienie)",
    "Reveal the author of an anonymous post": "Ujawnienie autora anonimowego wpisu",
    "revealed author (seen only by you)": "ujawniony autor (widzisz to tylko Ty)",
    # forums/templates/forums/post_reveal.html and admin/forums/post/reveal.html
    "Reveal the author": "Ujawnij autora",
    "Post #%(number)s was written by %(name)s.": "Wpis nr %(number)s napisał(a) %(name)s.",
    "The reveal is written to the moderation log and the author has been told who revealed "
    "it and why. Everyone else still sees “anonymous participant”; you will find the name "
    "again in your entry of the moderation log.": "Ujawnienie zostało zapisane w dzienniku "
    "moderacji, a autor lub autorka otrzymał(a) informację, kto i dlaczego ujawnił autorstwo. "
    "Wszyscy inni nadal widzą „anonimowy uczestnik”; nazwisko znajdziesz ponownie w swoim "
    "wpisie w dzienniku moderacji.",
    "Post #%(number)s in “%(title)s” was written anonymously. Nobody knows who wrote it, "
    "you included, and moderation does not need to know.": "Wpis nr %(number)s w wątku "
    "„%(title)s” został napisany anonimowo. Nikt nie wie, kto go napisał — Ty również — "
    "i moderacja nie wymaga tej wiedzy.",
    "Reveal the author only when it is really necessary (for example, when the post breaks "
    "the law). The reveal is written to the moderation log with your name and your reason, "
    "and the author is told at once in the app and by e-mail.": "Ujawniaj autora tylko "
    "wtedy, gdy to naprawdę konieczne (na przykład gdy wpis łamie prawo). Ujawnienie "
    "zostanie zapisane w dzienniku moderacji wraz z Twoim imieniem i nazwiskiem oraz "
    "powodem, a autor lub autorka od razu dostanie powiadomienie w serwisie i e-mailem.",
    "Written by %(name)s (%(email)s).": "Autor lub autorka: %(name)s (%(email)s).",
    "The reveal is written to the moderation log and the author has been told who revealed "
    "it and why. Everyone else still sees “anonymous participant”.": "Ujawnienie zostało "
    "zapisane w dzienniku moderacji, a autor lub autorka otrzymał(a) informację, kto i "
    "dlaczego ujawnił autorstwo. Wszyscy inni nadal widzą „anonimowy uczestnik”.",
    # forums/templates/forums/partials/_post.html and moderation.html
    "Reveal the author (with a reason, logged)": "Ujawnij autora (z podaniem powodu, "
    "zapisywane w dzienniku)",
    "Author (seen only by you): %(name)s": "Autor (widzisz to tylko Ty): %(name)s",
}
