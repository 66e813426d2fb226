PL = {
    "Account e-mail": "E-mail konta",
    "on the site": "w serwisie",
    "Cancel the selected meetings (those coming are told)": "Odwołaj wybrane spotkania (uczestnicy zostaną powiadomieni)",
    "archived network": "sieć zarchiwizowana",
}
