package dev.tacit.privacy.noise;

/** The identity mechanism. */
enum NoNoise implements NoiseMechanism, IntegerNoiseMechanism {
  INSTANCE;

  @Override
  public double addNoise(double value) {
    return value;
  }

  @Override
  public double[] addNoise(double[] values) {
    return values.clone();
  }

  @Override
  public long addNoise(long value) {
    return value;
  }

  @Override
  public long[] addNoise(long[] values) {
    return values.clone();
  }

  @Override
  public double granularity() {
    return 0;
  }
}
