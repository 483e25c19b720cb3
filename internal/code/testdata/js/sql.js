const mysql = require('mysql2/promise');
const { RDSDataClient, ExecuteStatementCommand } = require('@aws-sdk/client-rds-data');
const { DynamoDBClient, ExecuteStatementCommand: PartiQL } = require('@aws-sdk/client-dynamodb');

async function findUser(conn, name) {
  const sql = "SELECT * FROM users WHERE name = '" + name + "'";
  return conn.query(sql); // want sql-injection
}

exports.handler = async (event) => {
  const conn = await mysql.createConnection({});
  const id = event.pathParameters.id;
  await conn.query(`SELECT * FROM orders WHERE id = ${id}`); // want sql-injection
  await findUser(conn, event.queryStringParameters.name);
  const rds = new RDSDataClient({});
  await rds.send(new ExecuteStatementCommand({ resourceArn: 'a', sql: `DELETE FROM t WHERE id = ${id}` })); // want sql-injection
  const ddb = new DynamoDBClient({});
  const statement = `SELECT * FROM Users WHERE id = '${id}'`;
  await ddb.send(new PartiQL({ Statement: statement })); // want sql-injection

  // good: parameterised
  await conn.query('SELECT * FROM orders WHERE id = ?', [id]);
  await conn.execute('SELECT * FROM orders WHERE id = ?', [id]);
  await ddb.send(new PartiQL({ Statement: 'SELECT * FROM Users WHERE id = ?', Parameters: [{ S: id }] }));
  return {};
};
