/**
 * Functions as a service: a {@link dev.loadbearing.sim.function.FunctionPlatform} runs one
 * function's instances, each serving one invocation at a time. A request that finds no idle
 * instance starts a new one (a cold start: the platform's start-up, then the function's
 * initialisation, then the handler); an idle instance is reused (a warm start) until it has been
 * idle for the idle timeout, when it is reaped, so a quiet function scales to zero. A concurrency
 * limit caps the instances, and requests beyond it are throttled. A
 * {@link dev.loadbearing.sim.function.ProvisioningPolicy} keeps instances initialised ahead of
 * demand (provisioned concurrency), and the platform bills GB-seconds as a cloud does. A
 * {@link dev.loadbearing.sim.function.Database} with a connection limit shows what a function's
 * {@link dev.loadbearing.sim.function.FunctionCode} does to it at scale.
 */
package dev.loadbearing.sim.function;
