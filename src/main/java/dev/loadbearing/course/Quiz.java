package dev.loadbearing.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A multiple-choice quiz a lesson embeds with {@code ```quiz ID}. Which choices are right, and
 * why, stays on the server: the page gets only the questions and choices.
 *
 * @param id        stable id, the file name without {@code .yaml}
 * @param title     shown above the questions
 * @param file      path relative to the course folder
 * @param questions in the order the page shows them
 */
public record Quiz(String id, String title, String file, List<Question> questions) {

    public Optional<Question> question(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }

    /**
     * One question.
     *
     * @param id      stable within the quiz
     * @param prompt  the question, rendered from markdown
     * @param choices two to eight
     */
    public record Question(String id, String prompt, List<Choice> choices) {
        /** Several choices are right: the page offers check boxes instead of radio buttons. */
        public boolean multiple() {
            return choices.stream().filter(Choice::correct).count() > 1;
        }

        /**
         * Checks an answer: right when exactly the correct choices are chosen. The learner hears
         * why each chosen choice is right or wrong; once right, why every choice is.
         *
         * @param chosen indices of the chosen choices, from 0
         * @throws IllegalArgumentException when the answer names no choice, a choice that does not
         *                                  exist, or several where one is asked for
         */
        public Answer check(List<Integer> chosen) {
            var picked = new TreeSet<Integer>();
            for (Integer index : chosen) {
                if (index == null || index < 0 || index >= choices.size()) {
                    throw new IllegalArgumentException("question '" + id + "' has choices 0 to " + (choices.size() - 1) + ", not " + index);
                }
                picked.add(index);
            }
            if (picked.isEmpty()) {
                throw new IllegalArgumentException("choose at least one answer");
            }
            if (!multiple() && picked.size() > 1) {
                throw new IllegalArgumentException("question '" + id + "' has one right answer: choose one");
            }
            boolean correct = true;
            for (int i = 0; i < choices.size(); i++) {
                correct &= picked.contains(i) == choices.get(i).correct();
            }
            var feedback = new ArrayList<Feedback>();
            for (int i = 0; i < choices.size(); i++) {
                if (correct || picked.contains(i)) {
                    feedback.add(new Feedback(i, choices.get(i).correct(), choices.get(i).explanation()));
                }
            }
            return new Answer(correct, List.copyOf(feedback));
        }
    }

    /**
     * The verdict on an answer.
     *
     * @param correct  whether exactly the right choices were chosen
     * @param feedback explanations of the chosen choices (of all choices once correct)
     */
    public record Answer(boolean correct, List<Feedback> feedback) {}

    /** Why one choice is right or wrong. */
    public record Feedback(int choice, boolean correct, String explanation) {}

    /**
     * A possible answer.
     *
     * @param text        rendered from inline markdown
     * @param correct     whether choosing it is right
     * @param explanation why it is right or wrong, rendered from markdown
     */
    public record Choice(String text, boolean correct, String explanation) {}
}
