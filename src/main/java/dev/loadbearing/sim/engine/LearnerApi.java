package dev.loadbearing.sim.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the learner API: the simulation types and members that learner code may use. The
 * sandbox's bytecode policy reads these marks and refuses every other use of
 * {@code dev.loadbearing.sim} in a learner's classes, naming the line and what to use instead;
 * test classes (the author API) may use everything public. {@code docs/SIMULATION.md} lists the
 * same surface, and a test keeps the two in step.
 *
 * <p>On a type, the mark lets learner code name the type (declare variables of it, implement or
 * extend it); its members are learner API only where they carry the mark too, or when the type
 * says {@link #allMembers()}. A member without the mark may say what learners use instead with
 * {@link Internal}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface LearnerApi {
    /**
     * On a type: every public member (constants, record components, static helpers) is learner
     * API, for small value types such as {@code Time} or {@code Outcome}.
     *
     * @return whether all public members are learner API
     */
    boolean allMembers() default false;

    /**
     * A public member that is part of the model, not of the learner API, with what learner code
     * does instead; the sandbox shows {@link #value()} when learner code calls it.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
    @interface Internal {
        /**
         * What learner code does instead, as a sentence for the learner.
         *
         * @return the learner-API alternative
         */
        String value();
    }
}
