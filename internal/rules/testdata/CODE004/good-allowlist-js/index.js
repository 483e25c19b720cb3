'use strict';

const { Pool } = require('pg');

const pool = new Pool();
const SORTS = { name: 'name', created: 'created_at' };

exports.handler = async (event) => {
  const column = SORTS[event.queryStringParameters.sort] || 'name';
  const { rows } = await pool.query(`SELECT id, name FROM customers ORDER BY ${column}`);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
