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
}
