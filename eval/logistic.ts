/**
 * Weighted L2-regularised logistic regression, fitted by Newton's method on standardised features:
 * small (a few thousand rows, a dozen features), exact, and explainable — each weight says how much
 * one standard deviation of a feature moves the log-odds of a right answer.
 */

export interface LogisticFit {
  readonly mean: number[];
  readonly scale: number[];
  readonly weights: number[];
  readonly bias: number;
  readonly iterations: number;
}

export interface Row {
  readonly x: readonly number[];
  readonly y: 0 | 1;
  readonly weight: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Solves A v = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

export interface FitOptions {
  readonly l2?: number;
  readonly maxIterations?: number;
  /**
   * The sign each weight must have (+1, −1, or 0 for either): what a feature means fixes which way
   * it may move the odds — more coverage never lowers them, absent content never raises them. A
   * weight that comes out with the wrong sign is set to 0 and the rest refitted.
   */
  readonly signs?: readonly number[];
}

/** Fits with sign constraints: features whose weight takes the wrong sign are dropped, one at a time. */
export function fitLogistic(rows: readonly Row[], options: FitOptions = {}): LogisticFit {
  const d = rows[0]?.x.length ?? 0;
  const active = new Array<boolean>(d).fill(true);
  for (;;) {
    const fit = fitActive(rows, active, options);
    let worst = -1;
    let worstValue = 0;
    fit.weights.forEach((w, j) => {
      const sign = options.signs?.[j] ?? 0;
      if (active[j] && sign !== 0 && w * sign < worstValue) {
        worst = j;
        worstValue = w * sign;
      }
    });
    if (worst < 0) return fit;
    active[worst] = false;
  }
}

function fitActive(rows: readonly Row[], active: readonly boolean[], options: FitOptions): LogisticFit {
  const l2 = options.l2 ?? 1;
  const d = rows[0]?.x.length ?? 0;
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0) || 1;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r.weight * r.x[j]!, 0) / totalWeight);
  const scale = Array.from({ length: d }, (_, j) => {
    const variance = rows.reduce((s, r) => s + r.weight * (r.x[j]! - mean[j]!) ** 2, 0) / totalWeight;
    return Math.sqrt(variance) || 1;
  });
  // An inactive feature is held at 0 (its standardised value is zeroed, so its weight stays 0).
  const z = rows.map((r) => r.x.map((v, j) => (active[j] ? (v - mean[j]!) / scale[j]! : 0)));
  // Parameters: d weights then the bias; the bias is not regularised.
  let theta = new Array<number>(d + 1).fill(0);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    rows.forEach((r, i) => {
      const xi = [...z[i]!, 1];
      const p = sigmoid(xi.reduce((s, v, j) => s + v * theta[j]!, 0));
      const w = r.weight / totalWeight;
      for (let a = 0; a <= d; a++) {
        gradient[a]! += w * (p - r.y) * xi[a]!;
        for (let b = 0; b <= d; b++) hessian[a]![b]! += w * p * (1 - p) * xi[a]! * xi[b]!;
      }
    });
    // The penalty is per row, so it weighs the same whatever the data's size.
    for (let a = 0; a < d; a++) {
      gradient[a]! += (l2 / rows.length) * theta[a]!;
      hessian[a]![a]! += l2 / rows.length + (active[a] ? 0 : 1);
    }
    const step = solve(hessian, gradient);
    theta = theta.map((t, j) => t - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { mean, scale, weights: theta.slice(0, d), bias: theta[d]!, iterations };
}

export function predict(fit: Pick<LogisticFit, 'mean' | 'scale' | 'weights' | 'bias'>, x: readonly number[]): number {
  let z = fit.bias;
  x.forEach((v, j) => (z += fit.weights[j]! * ((v - fit.mean[j]!) / (fit.scale[j]! || 1))));
  return sigmoid(z);
}
