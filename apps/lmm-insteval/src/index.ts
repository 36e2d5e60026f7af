/** Linear mixed effects on InstEval: TFP's mixed-effects tutorial as a tfjs-probability program. */
export {};
