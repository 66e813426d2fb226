"""Polish for the one upload check (core/uploads.py, core/archives.py, core/images.py):
python scripts/fill_translations.py core/locale/pl/LC_MESSAGES/django.po scripts/translations/uploads.py
"""

PL = {
    # core/uploads.py
    "“%(name)s” is a program or a script. They are refused whatever the file is called.": "„%(name)s” to program lub skrypt. Takich plików nie przyjmujemy, niezależnie od ich nazwy.",
    "Allowed: %(allowed)s. At most %(limit)s per file.": "Dozwolone: %(allowed)s. Najwyżej %(limit)s na plik.",
    "“%(name)s” is not a text file we can read: text must be in UTF-8 or a Polish encoding (Windows-1250, ISO-8859-2), without binary data.": "„%(name)s” nie jest plikiem tekstowym, który potrafimy odczytać: tekst musi być zapisany w UTF-8 lub w polskim kodowaniu (Windows-1250, ISO-8859-2), bez danych binarnych.",
    "The file “%(name)s” is larger than %(limit)s.": "Plik „%(name)s” jest większy niż %(limit)s.",
    "The file “%(name)s” is empty.": "Plik „%(name)s” jest pusty.",
    "“%(name)s” is not a type of file accepted here. Allowed: %(allowed)s.": "Plików takiego typu jak „%(name)s” tu nie przyjmujemy. Dozwolone: %(allowed)s.",
    "“%(name)s” contains a web page (HTML, SVG or XML), which could run code in a reader's browser. Such files are refused whatever they are called; save it as PDF.": "„%(name)s” zawiera stronę internetową (HTML, SVG lub XML), która mogłaby uruchomić kod w przeglądarce czytelnika. Takich plików nie przyjmujemy, niezależnie od ich nazwy; zapisz go jako PDF.",
    "“%(name)s” is called .%(declared)s but it is a %(actual)s file. Rename it to .%(expected)s or save it again as .%(declared)s.": "„%(name)s” ma rozszerzenie .%(declared)s, ale jest plikiem %(actual)s. Zmień rozszerzenie na .%(expected)s albo zapisz plik ponownie jako .%(declared)s.",
    # core/archives.py
    "The document “%(name)s” is damaged or password-protected and cannot be opened.": "Dokument „%(name)s” jest uszkodzony albo chroniony hasłem i nie da się go otworzyć.",
    "The document “%(name)s” has more than %(limit)s parts inside.": "Dokument „%(name)s” ma w środku więcej niż %(limit)s części.",
    "The document “%(name)s” unpacks to more than %(limit)s.": "Dokument „%(name)s” po rozpakowaniu zajmuje więcej niż %(limit)s.",
    "The document “%(name)s” is compressed more than %(limit)s times, as zip bombs are. Save it again from your office program.": "Dokument „%(name)s” jest skompresowany ponad %(limit)s razy, jak bomba ZIP. Zapisz go ponownie w swoim programie biurowym.",
    "“%(name)s” is a ZIP archive, not a document. Archives are refused; upload the files themselves.": "„%(name)s” to archiwum ZIP, a nie dokument. Archiwów nie przyjmujemy; prześlij same pliki.",
    "“%(name)s” contains macros, which are programs. Save it without macros (for example as DOCX rather than DOCM) and upload it again.": "„%(name)s” zawiera makra, czyli programy. Zapisz go bez makr (na przykład jako DOCX zamiast DOCM) i prześlij ponownie.",
    # core/images.py
    "“%(name)s” is not a picture we can read. Upload a JPEG, PNG or WebP picture.": "„%(name)s” nie jest obrazem, który potrafimy odczytać. Prześlij obraz JPEG, PNG lub WebP.",
    "The picture “%(name)s” is damaged or incomplete. Try another file.": "Obraz „%(name)s” jest uszkodzony lub niekompletny. Spróbuj innego pliku.",
    "The picture “%(name)s” has more than %(limit)g million pixels.": "Obraz „%(name)s” ma więcej niż %(limit)g mln pikseli.",
    "The picture “%(name)s” has %(width)s × %(height)s pixels; the limit is %(limit)g million pixels.": "Obraz „%(name)s” ma %(width)s × %(height)s pikseli; limit to %(limit)g mln pikseli.",
    # core/upload_fields.py, forums/services/posting.py
    "Attach at most %(count)d file.": [
        "Możesz dołączyć najwyżej %(count)d plik.",
        "Możesz dołączyć najwyżej %(count)d pliki.",
        "Możesz dołączyć najwyżej %(count)d plików.",
    ],
}
