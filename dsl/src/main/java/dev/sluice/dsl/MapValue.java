package dev.sluice.dsl;

import java.lang.reflect.Type;
import java.util.List;

/**
 * The output of {@code wf.map(task, items)}: the list of the task's results, in item order, with
 * {@code null} where an item failed for good. Its setters tune the map node and return it.
 *
 * @param <R> the task's output type
 */
public final class MapValue<R> extends Value<List<R>> {
  private final NodeDraft.MapCall draft;

  MapValue(Recorder owner, Type type, NodeDraft.MapCall draft) {
    super(owner, type, draft, null);
    this.draft = draft;
  }

  /** At most this many items run at once; 0 (the default) means no limit. */
  public MapValue<R> concurrency(int concurrency) {
    owner.checkOpen("set the concurrency of map node '" + draft.currentId() + "'");
    draft.concurrency = concurrency;
    return this;
  }

  /**
   * The map fails unless at least this fraction of items succeeded, in [0, 1]; 1 (the default)
   * means every item must succeed.
   */
  public MapValue<R> minSuccessRatio(double ratio) {
    owner.checkOpen("set the success ratio of map node '" + draft.currentId() + "'");
    draft.minSuccessRatio = ratio;
    return this;
  }

  @Override
  public MapValue<R> named(String id) {
    super.named(id);
    return this;
  }
}
