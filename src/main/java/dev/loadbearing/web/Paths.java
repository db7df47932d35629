package dev.loadbearing.web;

/** Every route and template name, in one place. */
public final class Paths {
    private Paths() {}

    public static final String OUTLINE = "/";
    public static final String LESSON = "/lessons/{id}";
    public static final String HEALTH = "/health";
    public static final String STATIC = "/static";
    public static final String DEV_EVENTS = "/dev/events";
    public static final String API = "/api/*";
    public static final String QUIZ_ANSWERS = "/api/quizzes/{quiz}/questions/{question}/answers";

    public static String lesson(String id) {
        return "/lessons/" + id;
    }

    /** Template names under {@code templates/}. */
    public static final class Template {
        private Template() {}

        public static final String OUTLINE = "outline";
        public static final String LESSON = "lessons/show";
        public static final String LESSON_BROKEN = "lessons/broken";
        public static final String ERROR = "error";
        public static final String QUIZ = "quizzes/quiz";
    }
}
