import { describe, expect, it } from "vitest";
import { formPatterns, loosePattern, nameForms } from "../../bootstrap/forms.js";
import { exactHits } from "../../bootstrap/scan.js";
import { nameIssues, suggestName } from "../../bootstrap/validate.js";

const found = (snake: string, text: string): string[] =>
  exactHits(text, formPatterns(nameForms(snake))).map((h) => h.text);

describe("nameForms", () => {
  it("derives every spelling from the snake_case name", () => {
    expect(nameForms("fraud_detection_2")).toEqual({
      snake: "fraud_detection_2",
      kebab: "fraud-detection-2",
      pascal: "FraudDetection2",
      camel: "fraudDetection2",
      compact: "frauddetection2",
      upper: "FRAUD_DETECTION_2",
      title: "Fraud Detection 2",
    });
  });
});

describe("form patterns", () => {
  it.each([
    ["fraud_detection_model", ["fraud_detection"]],
    [".pipelines/fraud_detection-variables-template.yml", ["fraud_detection"]],
    ['"name": "fraud-detection"', ["fraud-detection"]],
    ["class FraudDetectionStack / createFraudDetectionStack", ["FraudDetection", "FraudDetection"]],
    ["const fraudDetectionConfig", ["fraudDetection"]],
    ["stfrauddetectiondev1a2b3", ["frauddetection"]],
    ["FRAUD_DETECTION_HOME", ["FRAUD_DETECTION"]],
    ["# Fraud Detection", ["Fraud Detection"]],
    ["xfraud_detection fraud_detection2 FraudDetections", []],
  ])("in %j finds %j", (text, expected) => {
    expect(found("fraud_detection", text)).toEqual(expected);
  });

  it("matches a one-word name only as a whole word", () => {
    expect(found("churn", "churn_model churning Churn CHURN")).toEqual(["churn", "Churn", "CHURN"]);
  });

  it("finds any spelling with the loose pattern, and a one-word name only as a word", () => {
    const text = "Fraud-Detection fraud detection FRAUD.DETECTION stfrauddetection";
    expect(text.match(loosePattern(nameForms("fraud_detection")))).toHaveLength(4);
    expect("churning churn-x".match(loosePattern(nameForms("churn")))).toEqual(["churn"]);
  });
});

describe("nameIssues", () => {
  it.each(["fraud_detection", "churn_model", "abc", "a1_b2", "x_2024_retail_forecast"])("accepts %s", (name) => {
    expect(nameIssues(name)).toEqual([]);
  });

  it("names every broken rule at once", () => {
    const rules = nameIssues("1Fraud-Détection.").map((i) => i.rule);
    expect(rules).toEqual([
      "must start with a lowercase letter a–z",
      "must be lowercase",
      "may contain only letters a–z, digits and '_'",
    ]);
  });

  it("checks the Azure names the stacks derive, for every environment", () => {
    const dev = { environment: "dev", location: "westeurope" };
    // An environment whose own name is invalid makes every derived name invalid: the check really calls the naming module.
    expect(nameIssues("fraud_detection", [dev, { environment: "Bad!", location: "westeurope" }])[0].rule).toBe(
      "must give valid Azure names (Bad!)",
    );
    expect(nameIssues("fraud_detection", [dev])).toEqual([]);
  });

  it.each([
    ["Fraud-Detection", "fraud_detection"],
    ["FraudDetection", "fraud_detection"],
    ["fraud detection", "fraud_detection"],
    ["2fraud", "fraud"],
    ["test", "test_model"],
    ["Détection", "detection"],
  ])("suggests a valid name for %j", (name, suggestion) => {
    expect(suggestName(name)).toBe(suggestion);
  });
});
