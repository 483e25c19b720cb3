'use strict';

const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const Stripe = require('stripe');

const secrets = new SecretsManagerClient({});
let stripe;

async function client() {
  if (!stripe) {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.STRIPE_SECRET_ARN }));
    stripe = Stripe(JSON.parse(SecretString).secretKey);
  }
  return stripe;
}

exports.handler = async (event) => {
  const { amount, currency } = JSON.parse(event.body);
  const intent = await (await client()).paymentIntents.create({ amount, currency });
  return { statusCode: 200, body: JSON.stringify({ clientSecret: intent.client_secret }) };
};
