package dev.loadbearing.account;

/**
 * A signed-in person as the rest of the server sees them. Never carries the password hash.
 *
 * @param name what they asked to be called; untrusted text, always rendered escaped
 */
public record User(long id, String email, String name, Role role) {
    /** The key their runs, submissions and unlocked solutions are stored under. */
    public String learnerKey() {
        return "user-" + id;
    }

    public boolean hasRole(Role... roles) {
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }
}
