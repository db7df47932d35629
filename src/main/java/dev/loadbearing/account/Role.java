package dev.loadbearing.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an account may do: learners learn, instructors also watch their class, admins also run the server. */
public enum Role {
    LEARNER, INSTRUCTOR, ADMIN;

    /** The word stored in the database and typed on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.key().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; the roles are "
                + Arrays.stream(values()).map(Role::key).collect(Collectors.joining(", ")));
    }
}
