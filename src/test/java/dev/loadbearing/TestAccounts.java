package dev.loadbearing;

import dev.loadbearing.account.AccountDao;
import dev.loadbearing.account.AccountService;
import dev.loadbearing.account.Passwords;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.SessionDao;
import dev.loadbearing.account.SessionService;
import dev.loadbearing.account.SignInFailureDao;
import dev.loadbearing.account.SignInThrottle;
import dev.loadbearing.account.User;
import dev.loadbearing.db.Database;
import java.time.Clock;

/** Accounts and signed-in sessions made straight in a test server's database. */
public final class TestAccounts {
    public static final String PASSWORD = "quiet harbour window 7";
    private final AccountService accounts;
    private final SessionService sessions;

    public TestAccounts(Database db) {
        Clock clock = Clock.systemUTC();
        accounts = new AccountService(db.dao(AccountDao.class), new Passwords(),
                new SignInThrottle(db.dao(SignInFailureDao.class), SignInThrottle.Policy.DEFAULT, clock), clock);
        sessions = new SessionService(db.dao(SessionDao.class), db.dao(AccountDao.class), SessionService.Policy.DEFAULT, clock);
    }

    /** Creates an account with {@link #PASSWORD}. */
    public User create(String email, String name, Role role) {
        return ((AccountService.SignUp.Created) accounts.create(email, name, role, PASSWORD)).user();
    }

    /** A new signed-in session for the account: the value of its session cookie. */
    public String signIn(User user) {
        return sessions.start(user.id());
    }
}
