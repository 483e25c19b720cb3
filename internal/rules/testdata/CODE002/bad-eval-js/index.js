'use strict';

const vm = require('vm');

function applyDiscount(rule, price) {
  const discount = new Function('price', `return ${rule};`); // want CODE002
  return discount(price);
}

exports.handler = async (event) => {
  const { formula, discountRule, items } = JSON.parse(event.body);
  const total = eval(`(${formula})`); // want CODE002
  const tax = vm.runInNewContext(event.queryStringParameters.tax, { total }); // want CODE002
  return { statusCode: 200, body: JSON.stringify({ total: applyDiscount(discountRule, total) + tax, items }) };
};
