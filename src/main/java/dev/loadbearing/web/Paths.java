package dev.loadbearing.web;

/** Every route and template name, in one place. */
public final class Paths {
    private Paths() {}

    public static final String OUTLINE = "/";
    public static final String LESSON = "/lessons/{id}";
    public static final String HEALTH = "/health";
    public static final String READY = "/ready";
    public static final String METRICS = "/metrics";
    public static final String STATIC = "/static";
    public static final String DEV_EVENTS = "/dev/events";
    public static final String API = "/api/*";
    public static final String HISTORY = "/exercises/{id}/history";
    public static final String INSTRUCTOR = "/instructor";
    public static final String INSTRUCTOR_ALL = "/instructor/*";
    public static final String INSTRUCTOR_EXERCISE = "/instructor/exercises/{id}";
    public static final String INSTRUCTOR_REGRADE = "/instructor/exercises/{id}/regrade";
    public static final String INSTRUCTOR_SUBMISSION = "/instructor/submissions/{id}";
    public static final String INSTRUCTOR_GRADES = "/instructor/grades.csv";
    public static final String QUIZ_ANSWERS = "/api/quizzes/{quiz}/questions/{question}/answers";
    public static final String API_LESSONS = "/api/lessons";
    public static final String API_SIMULATION = "/api/simulations/{id}";
    public static final String API_SIMULATION_RUN = "/api/simulations/{id}/run";
    public static final String API_EXERCISE = "/api/exercises/{id}";
    public static final String API_RUNS = "/api/exercises/{id}/runs";
    public static final String API_SUBMISSIONS = "/api/exercises/{id}/submissions";
    public static final String API_ATTEMPT = "/api/submissions/{id}";
    public static final String API_CSRF = "/api/csrf";
    public static final String API_HINT = "/api/exercises/{id}/hints/{n}";
    public static final String API_SOLUTION = "/api/exercises/{id}/solution";

    public static final String SIGN_UP = "/signup";
    public static final String SIGN_IN = "/signin";
    public static final String SIGN_OUT = "/signout";
    public static final String ACCOUNT = "/account";
    public static final String ACCOUNT_PASSWORD = "/account/password";
    public static final String API_MY_PROGRESS = "/api/me/progress";
    public static final String API_DRAFT = "/api/exercises/{id}/draft";

    public static String attempt(long id) {
        return "/api/submissions/" + id;
    }

    public static String history(String exerciseId, long attemptId) {
        return "/exercises/" + exerciseId + "/history?show=" + attemptId;
    }

    public static String lesson(String id) {
        return "/lessons/" + id;
    }

    public static String instructorExercise(String exerciseId) {
        return "/instructor/exercises/" + exerciseId;
    }

    public static String history(String exerciseId) {
        return "/exercises/" + exerciseId + "/history";
    }

    /** Template names under {@code templates/}. */
    public static final class Template {
        private Template() {}

        public static final String OUTLINE = "outline";
        public static final String LESSON = "lessons/show";
        public static final String LESSON_BROKEN = "lessons/broken";
        public static final String ERROR = "error";
        public static final String QUIZ = "quizzes/quiz";
        public static final String EXERCISE_CARD = "exercises/card";
        public static final String HISTORY = "exercises/history";
        public static final String INSTRUCTOR = "instructor/dashboard";
        public static final String INSTRUCTOR_EXERCISE = "instructor/exercise";
        public static final String INSTRUCTOR_SUBMISSION = "instructor/submission";
        public static final String SIGN_UP = "account/signup";
        public static final String SIGN_IN = "account/signin";
        public static final String ACCOUNT = "account/show";
    }
}
