package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;

/** What {@link FunctionCode#init} is given: the instance that is starting. */
@LearnerApi(allMembers = true)
public interface InstanceContext {
    /**
     * Returns the instance's name, such as {@code instance-7}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the database the function talks to.
     *
     * @return the database
     */
    Database database();
}
