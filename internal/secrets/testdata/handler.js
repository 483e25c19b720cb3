const jwt = require('jsonwebtoken');

const password = 'correct-horse';
const fromEnv = process.env.DB_PASSWORD;

exports.handler = async (event) => {
  const token = jwt.sign({ sub: event.user }, 'shhhhh');
  return { token, fromEnv, password };
};
