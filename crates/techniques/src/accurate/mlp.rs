//! A small dense network for the accurate tier's heads: standardised inputs, one ReLU hidden
//! layer (or none: multinomial logistic regression), a softmax output; trained by minibatch
//! Adam with deterministic initialisation and shuffles.

use crate::linear::Reader;
use crate::model::SplitMix;
use crate::Result;

/// How a head is trained.
#[derive(Debug, Clone, Copy)]
pub struct MlpOptions {
    /// Hidden units; 0 gives a linear model.
    pub hidden: usize,
    pub epochs: usize,
    pub batch: usize,
    /// Adam step, divided by `1 + epoch / 2`.
    pub learning_rate: f32,
    /// Decoupled weight decay (per step, times the learning rate).
    pub weight_decay: f32,
    pub seed: u64,
}

/// The trained network.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub inputs: usize,
    pub hidden: usize,
    pub outputs: usize,
    mean: Vec<f32>,
    inv_std: Vec<f32>,
    /// `hidden × inputs` then `hidden` biases (empty when linear).
    w1: Vec<f32>,
    b1: Vec<f32>,
    /// `outputs × (hidden or inputs)` then `outputs` biases.
    w2: Vec<f32>,
    b2: Vec<f32>,
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight lanes so the compiler vectorises without reassociating a single sum.
    let mut lanes = [0f32; 8];
    let chunks = a.len() / 8 * 8;
    for (ca, cb) in a[..chunks].chunks_exact(8).zip(b[..chunks].chunks_exact(8)) {
        for k in 0..8 {
            lanes[k] += ca[k] * cb[k];
        }
    }
    let mut total: f32 = lanes.iter().sum();
    for k in chunks..a.len() {
        total += a[k] * b[k];
    }
    total
}

fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x);
}

fn log_softmax_in_place(v: &mut [f32]) {
    let max = v.iter().fold(f32::NEG_INFINITY, |m, x| m.max(*x));
    let log_total = v.iter().map(|x| (x - max).exp()).sum::<f32>().ln() + max;
    v.iter_mut().for_each(|x| *x -= log_total);
}

/// Adam state of one parameter vector.
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
}

impl Adam {
    fn new(n: usize) -> Adam {
        Adam { m: vec![0.0; n], v: vec![0.0; n] }
    }

    fn step(&mut self, params: &mut [f32], grad: &[f32], lr: f32, decay: f32, t: i32) {
        let (b1, b2) = (0.9f32, 0.999f32);
        let c1 = 1.0 - b1.powi(t);
        let c2 = 1.0 - b2.powi(t);
        for (((p, g), m), v) in params.iter_mut().zip(grad).zip(&mut self.m).zip(&mut self.v) {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= lr * ((*m / c1) / ((*v / c2).sqrt() + 1e-8) + decay * *p);
        }
    }
}

impl Mlp {
    /// Trains on `n` examples whose features `features(i, out)` writes (`inputs` values) and
    /// whose classes are `labels[i] < outputs`; `weights[i]` scales each example's loss.
    pub fn train(
        inputs: usize,
        outputs: usize,
        labels: &[u8],
        weights: &[f32],
        features: impl Fn(usize, &mut [f32]),
        options: &MlpOptions,
    ) -> Mlp {
        let n = labels.len();
        let mut rng = SplitMix(options.seed);
        // Standardisation from one pass over the data.
        let mut x = vec![0f32; inputs];
        let mut sum = vec![0f64; inputs];
        let mut sq = vec![0f64; inputs];
        for i in 0..n {
            features(i, &mut x);
            for k in 0..inputs {
                sum[k] += x[k] as f64;
                sq[k] += (x[k] as f64) * (x[k] as f64);
            }
        }
        let count = n.max(1) as f64;
        let mean: Vec<f32> = sum.iter().map(|s| (s / count) as f32).collect();
        let inv_std: Vec<f32> = sum
            .iter()
            .zip(&sq)
            .map(|(s, q)| {
                let var = (q / count - (s / count).powi(2)).max(0.0);
                if var > 1e-12 {
                    (1.0 / var.sqrt()) as f32
                } else {
                    1.0
                }
            })
            .collect();
        let hidden = options.hidden;
        let width = if hidden == 0 { inputs } else { hidden };
        let mut uniform = |limit: f32| {
            let u = (rng.next() >> 11) as f32 / (1u64 << 53) as f32;
            (2.0 * u - 1.0) * limit
        };
        let limit1 = (6.0 / (inputs + width) as f32).sqrt();
        let w1: Vec<f32> = (0..hidden * inputs).map(|_| uniform(limit1)).collect();
        let limit2 = (6.0 / (width + outputs) as f32).sqrt();
        let w2: Vec<f32> = (0..outputs * width).map(|_| uniform(limit2)).collect();
        let mut net = Mlp {
            inputs,
            hidden,
            outputs,
            mean,
            inv_std,
            w1,
            b1: vec![0.0; hidden],
            w2,
            b2: vec![0.0; outputs],
        };
        let mut adam = [
            Adam::new(net.w1.len()),
            Adam::new(net.b1.len()),
            Adam::new(net.w2.len()),
            Adam::new(net.b2.len()),
        ];
        let mut grads = [
            vec![0f32; net.w1.len()],
            vec![0f32; net.b1.len()],
            vec![0f32; net.w2.len()],
            vec![0f32; net.b2.len()],
        ];
        let mut order: Vec<usize> = (0..n).collect();
        let mut h = vec![0f32; hidden];
        let mut out = vec![0f32; outputs];
        let mut dh = vec![0f32; hidden];
        let mut t = 0;
        for epoch in 0..options.epochs {
            rng.shuffle(&mut order);
            let lr = options.learning_rate / (1.0 + epoch as f32 / 2.0);
            for chunk in order.chunks(options.batch.max(1)) {
                grads.iter_mut().for_each(|g| g.iter_mut().for_each(|x| *x = 0.0));
                let scale = 1.0 / chunk.len() as f32;
                for &i in chunk {
                    features(i, &mut x);
                    net.standardise(&mut x);
                    net.forward_standardised(&x, &mut h, &mut out);
                    // d loss / d logits = p - onehot, times the example weight.
                    let w = weights[i] * scale;
                    let gold = labels[i] as usize;
                    let [gw1, gb1, gw2, gb2] = &mut grads;
                    let last: &[f32] = if hidden == 0 { &x } else { &h };
                    dh.iter_mut().for_each(|d| *d = 0.0);
                    for o in 0..outputs {
                        let d = w * (out[o].exp() - (o == gold) as u8 as f32);
                        if d == 0.0 {
                            continue;
                        }
                        gb2[o] += d;
                        axpy(&mut gw2[o * width..(o + 1) * width], d, last);
                        if hidden > 0 {
                            axpy(&mut dh, d, &net.w2[o * width..(o + 1) * width]);
                        }
                    }
                    for j in 0..hidden {
                        if h[j] > 0.0 && dh[j] != 0.0 {
                            gb1[j] += dh[j];
                            axpy(&mut gw1[j * inputs..(j + 1) * inputs], dh[j], &x);
                        }
                    }
                }
                t += 1;
                let decay = options.weight_decay;
                adam[0].step(&mut net.w1, &grads[0], lr, decay, t);
                adam[1].step(&mut net.b1, &grads[1], lr, 0.0, t);
                adam[2].step(&mut net.w2, &grads[2], lr, decay, t);
                adam[3].step(&mut net.b2, &grads[3], lr, 0.0, t);
            }
        }
        net
    }

    fn standardise(&self, x: &mut [f32]) {
        for ((v, m), s) in x.iter_mut().zip(&self.mean).zip(&self.inv_std) {
            *v = (*v - m) * s;
        }
    }

    /// Log-probabilities into `out` from standardised `x`; `h` receives the hidden layer.
    fn forward_standardised(&self, x: &[f32], h: &mut [f32], out: &mut [f32]) {
        let last: &[f32] = if self.hidden == 0 {
            x
        } else {
            for ((h, w), b) in h.iter_mut().zip(self.w1.chunks_exact(self.inputs)).zip(&self.b1) {
                *h = (dot(w, x) + b).max(0.0);
            }
            h
        };
        let width = last.len();
        for ((o, w), b) in out.iter_mut().zip(self.w2.chunks_exact(width)).zip(&self.b2) {
            *o = dot(w, last) + b;
        }
        log_softmax_in_place(out);
    }

    /// Log-probabilities of the classes for raw features `x` (`x` is standardised in place).
    pub fn log_probs(&self, x: &mut [f32], out: &mut [f32]) {
        self.standardise(x);
        let mut h = vec![0f32; self.hidden];
        self.forward_standardised(x, &mut h, out);
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        for n in [self.inputs, self.hidden, self.outputs] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for part in [&self.mean, &self.inv_std, &self.w1, &self.b1, &self.w2, &self.b2] {
            part.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        }
    }

    pub(crate) fn decode(input: &mut Reader<'_>) -> Result<Mlp> {
        let inputs = input.u32()? as usize;
        let hidden = input.u32()? as usize;
        let outputs = input.u32()? as usize;
        if inputs > 1 << 16 || hidden > 1 << 14 || outputs > 1 << 8 {
            return Err(crate::Error::BadModel("implausible head shape".into()));
        }
        let width = if hidden == 0 { inputs } else { hidden };
        let mut read =
            |count: usize| -> Result<Vec<f32>> { (0..count).map(|_| input.f32()).collect() };
        Ok(Mlp {
            inputs,
            hidden,
            outputs,
            mean: read(inputs)?,
            inv_std: read(inputs)?,
            w1: read(hidden * inputs)?,
            b1: read(hidden)?,
            w2: read(outputs * width)?,
            b2: read(outputs)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// XOR of two signs: no linear model separates it, one hidden layer does.
    #[test]
    fn hidden_layer_learns_xor_and_round_trips() {
        let points: Vec<[f32; 2]> = (0..400)
            .map(|i| {
                let a = if i % 2 == 0 { 1.0 } else { -1.0 };
                let b = if (i / 2) % 2 == 0 { 1.0 } else { -1.0 };
                let jitter = (i as f32 * 0.37).sin() * 0.2;
                [a + jitter, b - jitter]
            })
            .collect();
        let labels: Vec<u8> = points.iter().map(|p| ((p[0] > 0.0) != (p[1] > 0.0)) as u8).collect();
        let weights = vec![1.0; labels.len()];
        let options = MlpOptions {
            hidden: 8,
            epochs: 60,
            batch: 16,
            learning_rate: 0.02,
            weight_decay: 0.0,
            seed: 7,
        };
        let net =
            Mlp::train(2, 2, &labels, &weights, |i, x| x.copy_from_slice(&points[i]), &options);
        let correct = points
            .iter()
            .zip(&labels)
            .filter(|(p, &y)| {
                let mut x = p.to_vec();
                let mut out = [0f32; 2];
                net.log_probs(&mut x, &mut out);
                ((out[1] > out[0]) as u8) == y
            })
            .count();
        assert!(correct >= 390, "{correct}/400 correct");
        let mut bytes = Vec::new();
        net.encode(&mut bytes);
        let back = Mlp::decode(&mut Reader::new(&bytes)).expect("decodes");
        assert_eq!(back, net);
    }
}
