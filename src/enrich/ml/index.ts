// voxpop's dependency-free linear-model toolkit: hashed text features shared by every model
// (`featurize` once per post), one-vs-rest logistic regression trained by AdaGrad, threshold
// tuning and macro-F1, and a compact int8 model file (JSON header + .bin).
export { featurize, tokenize, hashString, tokenHash, DEFAULT_FEATURES, type FeatureConfig, type Features, type Token } from "./features.ts";
export { trainLinear, logits, sigmoid, rng, type LinearWeights, type TrainOptions } from "./linear.ts";
export { f1, perLabelF1, macroF1, macroF1Classes, tuneThreshold, tuneThresholds, tuneMacroThreshold, applyThresholds, type Counts } from "./metrics.ts";
export { quantize, buildModel, saveModel, loadModel, modelLogits, modelPredict, modelLabels, type Model, type ModelHeader } from "./model.ts";
export { committedModel, sharedFeatures, voxpopFeaturize, committedLexicon, pipelineScores, pipelineOffset, MODELS_DIR, type PipelineModel } from "./shared.ts";
export { TokenScorer } from "./scorer.ts";
