"""Polish translations of the msgids added on the certs branch (merged into the .po by the lead)."""

PL = {
    # networks: certificates
    "to": "do",
    "issued": "wydano",
    "certificate of participation": "zaświadczenie o udziale",
    "certificates of participation": "zaświadczenia o udziale",
    "Certificate of participation": "Zaświadczenie o udziale",
    "This is to certify that": "Zaświadcza się, że",
    "took part in the work of the network from %(start)s to %(end)s": (
        "w okresie od %(start)s do %(end)s uczestniczył(a) w pracach sieci"
    ),
    "organised by %(institution)s": "prowadzonej przez: %(institution)s",
    "school year %(year)s": "rok szkolny %(year)s",
    "Meetings attended": "Spotkania, w których uczestniczono",
    "Meeting": "Spotkanie",
    "Hours": "Godziny",
    "Meetings: %(count)s, hours in total: %(hours)s": (
        "Liczba spotkań: %(count)s, łączna liczba godzin: %(hours)s"
    ),
    "Network coordinator": "Koordynator sieci",
    "Issued on %(date)s": "Data wydania: %(date)s",
    "Verification code: %(code)s — check it at %(url)s": (
        "Kod weryfikacyjny: %(code)s — sprawdź go na stronie %(url)s"
    ),
    "Certificate verification": "Weryfikacja zaświadczenia",
    "This certificate of participation was issued on the platform and is genuine.": (
        "To zaświadczenie o udziale zostało wydane na platformie i jest autentyczne."
    ),
    "Person": "Osoba",
    "Network": "Sieć",
    "Period": "Okres",
    "Hours in total": "Łączna liczba godzin",
    "Issued on": "Data wydania",
    "Code": "Kod",
    "A PDF listing the meetings you attended, with a code anyone can verify.": (
        "Plik PDF ze spotkaniami, w których uczestniczyłeś(-aś), z kodem, który każdy może "
        "sprawdzić."
    ),
    "Download the certificate": "Pobierz zaświadczenie",
    # evaluation: the annual report (also "Date", "Meeting", "Form of work", "from", "to",
    # "Hours" are used by evaluation; networks already has "Date" as "Termin" — keep that there)
    "from": "od",
    "Date": "Data",
    "Form of work": "Forma pracy",
    "Being prepared": "W przygotowaniu",
    "Ready": "Gotowy",
    "Failed": "Nie udało się",
    "annual report": "raport roczny",
    "annual reports": "raporty roczne",
    "Annual report": "Raport roczny",
    "Annual report of the network": "Raport roczny sieci",
    "Period: %(start)s – %(end)s": "Okres: %(start)s – %(end)s",
    "Stages": "Etapy",
    "Current stage: %(stage)s": "Obecny etap: %(stage)s",
    "Goals": "Cele",
    "No goals were set.": "Nie wyznaczono celów.",
    "Meetings": "Spotkania",
    "Present": "Obecni",
    "No meetings in this period.": "W tym okresie nie było spotkań.",
    "Materials shared: %(materials)s; downloads: %(downloads)s": (
        "Udostępnione materiały: %(materials)s; pobrania: %(downloads)s"
    ),
    "Give and take": "Daję – biorę",
    "Gave: %(givers)s (%(gp)s%%); only took: %(takers)s (%(tp)s%%); no activity: %(none)s "
    "(%(np)s%%)": (
        "Dawali: %(givers)s (%(gp)s%%); tylko brali: %(takers)s (%(tp)s%%); bez aktywności: "
        "%(none)s (%(np)s%%)"
    ),
    "No survey results may be shown for this period.": (
        "Z tego okresu nie można pokazać wyników żadnej ankiety."
    ),
    "responses": "odpowiedzi",
    "mean": "średnia",
    "The annual report of %(network)s is ready to download.": (
        "Raport roczny sieci %(network)s jest gotowy do pobrania."
    ),
    "The PDF is being prepared; you will be notified when it is ready.": (
        "Plik PDF jest przygotowywany; powiadomimy Cię, gdy będzie gotowy."
    ),
    "Prepare a PDF": "Przygotuj PDF",
    "This page prints as it is (your browser's Print command).": (
        "Tę stronę można wydrukować bez zmian (polecenie Drukuj w przeglądarce)."
    ),
    "Prepared reports": "Przygotowane raporty",
    "Download PDF": "Pobierz PDF",
}
