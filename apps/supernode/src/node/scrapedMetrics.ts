// Metrics for the hottest path (every RPC request): counted in plain numbers and put into
// prom-client's form only when /metrics is scraped. prom-client's own Counter and Histogram hash
// and validate their labels on every inc()/observe(), even through a cached labels() child; that
// was 2–3 µs of a ~30 µs request in bench/rpc. These register in a prom-client Registry like its
// own metrics (the registry only calls get() and reset()) and write the same exposition text.
import type { Metric, Registry } from "prom-client";

interface Value {
  readonly value: number;
  readonly labels: Record<string, string | number>;
  readonly sharedLabels?: Record<string, string>;
  readonly metricName?: string;
}

interface MetricData {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "histogram";
  readonly values: Value[];
  readonly aggregator: "sum";
}

interface Options {
  readonly name: string;
  readonly help: string;
  readonly registers: readonly Registry[];
}

/**
 * What both kinds share: name, help and label names as prom-client's metrics have them, the
 * registration, and the series by label values.
 */
abstract class ScrapedMetric<Series> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly aggregator = "sum";
  protected readonly series = new Map<string, Series>();

  constructor(options: Options & { readonly labelNames: readonly string[] }) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // The registry's Metric type lists prom-client's classes; it uses name, get() and reset() only.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series for these label values (in labelNames order), made on first use. */
  protected seriesFor(values: readonly string[], make: (labels: Record<string, string>) => Series): Series {
    const names = this.labelNames;
    if (values.length !== names.length)
      throw new Error(`${this.name}: expected ${names.length} label values`);
    const key = values.join("\u0000");
    let found = this.series.get(key);
    if (found === undefined) {
      const labels: Record<string, string> = {};
      for (let i = 0; i < names.length; i++) labels[names[i] as string] = values[i] as string;
      found = make(labels);
      this.series.set(key, found);
    }
    return found;
  }
}

/** One labelled series of a ScrapedCounter: add to `value` directly. */
export interface CounterCell {
  value: number;
}

export class ScrapedCounter extends ScrapedMetric<{
  readonly labels: Record<string, string>;
  readonly cell: CounterCell;
}> {
  readonly type = "counter";

  /** The series for these label values (in labelNames order), made on first use; keep it. */
  cell(...labelValues: string[]): CounterCell {
    return this.seriesFor(labelValues, (labels) => ({ labels, cell: { value: 0 } })).cell;
  }

  get(): Promise<MetricData> {
    const values = [...this.series.values()].map(({ labels, cell }) => ({ value: cell.value, labels }));
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: "sum" });
  }

  reset(): void {
    for (const { cell } of this.series.values()) cell.value = 0;
  }
}

/** One labelled series of a ScrapedHistogram. */
export interface HistogramCell {
  observe(value: number): void;
}

class HistogramSeries implements HistogramCell {
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let slot = 0;
    while (slot < this.bounds.length && value > (this.bounds[slot] as number)) slot++;
    this.counts[slot] = (this.counts[slot] as number) + 1;
    this.sum += value;
    this.count++;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

export class ScrapedHistogram extends ScrapedMetric<HistogramSeries> {
  readonly type = "histogram";
  readonly #bounds: readonly number[];

  constructor(
    options: Options & { readonly labelNames: readonly string[]; readonly buckets: readonly number[] },
  ) {
    super(options);
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
  }

  /** The series for these label values (in labelNames order), made on first use; keep it. */
  cell(...labelValues: string[]): HistogramCell {
    const bounds = this.#bounds;
    return this.seriesFor(labelValues, (labels) => new HistogramSeries(labels, bounds));
  }

  /**
   * The text form, laid out as prom-client's Histogram does: `le` in `labels`, the series' own
   * labels as `sharedLabels`, so the registry writes them (and any default labels) in its order.
   */
  getForPromString(): Promise<MetricData> {
    const values: Value[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const series of this.series.values()) {
      const shared = series.labels;
      let cumulative = 0;
      this.#bounds.forEach((bound, slot) => {
        cumulative += series.counts[slot] as number;
        values.push({
          value: cumulative,
          labels: { le: bound },
          sharedLabels: shared,
          metricName: bucketName,
        });
      });
      values.push({
        value: series.count,
        labels: { le: "+Inf" },
        sharedLabels: shared,
        metricName: bucketName,
      });
      values.push({ value: series.sum, labels: {}, sharedLabels: shared, metricName: `${this.name}_sum` });
      values.push({
        value: series.count,
        labels: {},
        sharedLabels: shared,
        metricName: `${this.name}_count`,
      });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: "sum" });
  }

  /** The JSON form (getMetricsAsJSON, cluster aggregation): every label of a value in `labels`. */
  async get(): Promise<MetricData> {
    const data = await this.getForPromString();
    const values = data.values.map(({ sharedLabels, labels, ...rest }) => ({
      ...rest,
      labels: { ...labels, ...sharedLabels },
    }));
    return { ...data, values };
  }

  reset(): void {
    for (const series of this.series.values()) series.reset();
  }
}
