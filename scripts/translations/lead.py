PL = {
    "<strong>Certificates of participation</strong> you downloaded: your name, the network, the period and the meetings printed on them, so that anyone you show one to can check its code.": "<strong>Pobrane zaświadczenia o udziale</strong>: Twoje imię i nazwisko, sieć, okres i spotkania wydrukowane na zaświadczeniu, aby każdy, komu je pokażesz, mógł sprawdzić jego kod.",
    "Certificates of participation: until you delete your account; after that their codes no longer verify, so keep the PDF files.": "Zaświadczenia o udziale: do usunięcia konta; potem ich kody przestają się potwierdzać, więc zachowaj pliki PDF.",
}
