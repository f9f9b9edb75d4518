package org.backcare.rules.facts;

/** Spine movements an exercise takes, which a fracture risk rules out (Brooke-Wavell et al. 2022). */
public enum SpineMovement { FLEXION, TWISTING }
