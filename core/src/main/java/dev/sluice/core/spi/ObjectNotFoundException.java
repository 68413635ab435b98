package dev.sluice.core.spi;

/** There is no object at the key asked for. */
public class ObjectNotFoundException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ObjectNotFoundException(String message) {
    super(message);
  }
}
