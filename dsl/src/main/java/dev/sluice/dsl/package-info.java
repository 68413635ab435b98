/**
 * The Sluice DSL: typed tasks and workflows written in plain Java, compiled to the immutable
 * {@link dev.sluice.core.model.WorkflowSpec} that the engine runs.
 *
 * <p>Define tasks once with {@link dev.sluice.dsl.Task#named} (their input and output types are
 * read from the lambda), then a {@link dev.sluice.dsl.Workflow} whose body wires them together with
 * {@link dev.sluice.dsl.Value}s: calls, literals, maps over lists, branches, sub-workflows and
 * dynamic nodes. The body runs once, when the workflow is defined; nothing here runs a task.
 *
 * <pre>{@code
 * static final Task1<Params, Dataset> load = Task.named("load-data").of(p -> Data.generate(p.samples()));
 * static final Task2<Dataset, Params, Model> train = Task.named("train").of((d, p) -> Trainer.fit(d, p.lr()));
 * static final Workflow<Params, Model> wf = Workflow.named("train", Params.class, (wf, params) -> {
 *   Value<Dataset> data = wf.call(load, params);
 *   return wf.call(train, data, params);
 * });
 * }</pre>
 */
package dev.sluice.dsl;
