package org.backcare.report;

/**
 * What a printed handout says of who it is for and who gave it, from the command's options or a site file: the
 * person's name, the date it was given, the service that issued it, when it is reviewed, whom to contact and the
 * emergency number. Each is {@code null} when not given; the handout then leaves a line to write it on, or (for the
 * contact and the emergency number) says "your GP" and "your local emergency number". Never a hash or a file path.
 */
public record HandoutDetails(String name, String date, String issuer, String reviewDate, String contact,
        String emergencyNumber) {

    /** No details given: the defaults. */
    public static final HandoutDetails NONE = new HandoutDetails(null, null, null, null, null, null);

    /** The contact to name: the one given, or "your GP". */
    public String contactOrDefault() {
        return contact == null ? "your GP" : contact;
    }

    /** The emergency number to name: the one given, or "your local emergency number". */
    public String emergencyOrDefault() {
        return emergencyNumber == null ? "your local emergency number" : emergencyNumber;
    }

    /** These details with each one {@code other} gives in place of this one's. */
    public HandoutDetails with(HandoutDetails other) {
        return new HandoutDetails(or(other.name, name), or(other.date, date), or(other.issuer, issuer),
                or(other.reviewDate, reviewDate), or(other.contact, contact), or(other.emergencyNumber, emergencyNumber));
    }

    private static String or(String first, String second) {
        return first != null ? first : second;
    }
}
