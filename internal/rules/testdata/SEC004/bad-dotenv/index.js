'use strict';

require('dotenv').config();
const Stripe = require('stripe');

const stripe = Stripe(process.env.STRIPE_SECRET_KEY);

exports.handler = async (event) => {
  const { amount, currency } = JSON.parse(event.body);
  const intent = await stripe.paymentIntents.create({ amount, currency });
  return { statusCode: 200, body: JSON.stringify({ clientSecret: intent.client_secret }) };
};
