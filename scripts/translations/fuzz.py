PL = {
    "Bad request": "Błędne żądanie",
    "The address contains characters that cannot be read. Check the link or go back and try again.": "Adres zawiera znaki, których nie da się odczytać. Sprawdź odnośnik albo wróć i spróbuj ponownie.",
}
