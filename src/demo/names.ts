// Name lists for demo users, grouped by naming culture. A data file: it is long because varied,
// believable names (including non-ASCII ones the UI and the filters must cope with) are the point.
// CJK entries carry their romanisation after a '|'; every other ASCII form is derived by toAscii().
// Rules the name-space relies on (checked by names.test.ts): within a culture the ASCII first names
// are distinct and the ASCII last names are distinct; no ASCII last name is shared by two cultures.

export type NameOrder = 'givenFirst' | 'familyFirst' | 'familyFirstJoined';

export interface NameCulture {
  readonly id: string;
  readonly order: NameOrder;
  /** usageLocation (ISO 3166 alpha-2) with a relative weight: where people of this culture sit. */
  readonly locations: readonly (readonly [string, number])[];
  readonly given: readonly string[];
  readonly family: readonly string[];
}

export const NAME_CULTURES: readonly NameCulture[] = [
  {
    id: 'english',
    order: 'givenFirst',
    locations: [['US', 70], ['GB', 14], ['CA', 6], ['AU', 5], ['IE', 5]],
    given: [
      'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
      'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
      'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven', 'Ashley',
      'Andrew', 'Emily', 'Joshua', 'Michelle', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Rebecca',
      'Timothy', 'Laura', 'Ryan', 'Stephanie', 'Jacob', 'Olivia', 'Nicholas', 'Hannah', 'Jonathan', 'Megan',
      'Samuel', 'Rachel', 'Benjamin', 'Chloe', 'Liam', 'Grace', 'Connor', 'Siobhan', 'Aoife', 'Declan',
    ],
    family: [
      'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
      'Thomas', 'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson',
      'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker',
      'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards',
      'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Bailey',
      'Reed', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson', 'Wood', 'Watson', 'Brooks', "O'Brien",
    ],
  },
  {
    id: 'hispanic',
    order: 'givenFirst',
    locations: [['ES', 40], ['MX', 30], ['US', 25], ['AR', 5]],
    given: [
      'José', 'María', 'Sofía', 'Lucía', 'Ángel', 'Javier', 'Carmen', 'Alejandro', 'Valentina', 'Diego',
      'Camila', 'Andrés', 'Inés', 'Ramón', 'Jesús', 'Rocío', 'Martín', 'Begoña', 'Iñaki', 'Adrián',
      'Paula', 'Óscar', 'Gabriela', 'Raúl', 'Nuria', 'Sebastián', 'Marisol', 'Joaquín', 'Elena', 'Mateo',
    ],
    family: [
      'García', 'Martínez', 'López', 'Hernández', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores',
      'Rivera', 'Gómez', 'Díaz', 'Cruz', 'Morales', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ramos', 'Ruiz',
      'Álvarez', 'Jiménez', 'Núñez', 'Peña', 'Ibáñez',
    ],
  },
  {
    id: 'german',
    order: 'givenFirst',
    locations: [['DE', 70], ['AT', 12], ['CH', 12], ['US', 6]],
    given: [
      'Jürgen', 'Jörg', 'Günter', 'Lukas', 'Leon', 'Felix', 'Maximilian', 'Paul', 'Jonas', 'Lena',
      'Anna', 'Lea', 'Marie', 'Sophie', 'Katharina', 'Mia', 'Emma', 'Niklas', 'Tobias', 'Ursula',
      'Käthe', 'Sönke', 'Franziska', 'Matthias', 'Dörte',
    ],
    family: [
      'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
      'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Weiß', 'Groß',
    ],
  },
  {
    id: 'french',
    order: 'givenFirst',
    locations: [['FR', 75], ['BE', 10], ['CA', 10], ['CH', 5]],
    given: [
      'Zoë', 'Chloé', 'Hélène', 'François', 'Jérôme', 'Amélie', 'Léa', 'Noël', 'Gaël', 'Anaïs',
      'Cécile', 'Théo', 'Étienne', 'Océane', 'Benoît', 'Maël', 'Agnès', 'Loïc', 'Frédéric', 'Margaux',
    ],
    family: [
      'Lefèvre', 'Dubois', 'Moreau', 'Laurent', 'Girard', 'Rousseau', 'Bérenger', 'Fournier', 'Mercier', 'Lambert',
      'Bonnet', 'Faure', 'Blanc', 'Guérin', 'Chevalier', 'Gauthier', 'Perrin', 'Lemaire', 'Bouchard', 'Leclerc',
    ],
  },
  {
    id: 'nordic',
    order: 'givenFirst',
    locations: [['DK', 35], ['SE', 30], ['NO', 25], ['IS', 5], ['FI', 5]],
    given: [
      'Søren', 'Bjørn', 'Åsa', 'Ingrid', 'Lars', 'Sigrid', 'Magnus', 'Astrid', 'Freja', 'Jens',
      'Mette', 'Øystein', 'Sigurður', 'Þóra', 'Eirik',
    ],
    family: [
      'Sørensen', 'Jørgensen', 'Østergaard', 'Åberg', 'Lindqvist', 'Nyström', 'Hansen', 'Johansson', 'Nielsen', 'Bergström',
      'Halvorsen', 'Þórsson', 'Eriksson', 'Dahl', 'Lund',
    ],
  },
  {
    id: 'west-slavic',
    order: 'givenFirst',
    locations: [['PL', 60], ['CZ', 30], ['DE', 5], ['GB', 5]],
    given: [
      'Łukasz', 'Paweł', 'Małgorzata', 'Michał', 'Wojciech', 'Zuzanna', 'Agnieszka', 'Krzysztof', 'Katarzyna', 'Tomasz',
      'Jiří', 'Tomáš', 'Kateřina', 'Petr', 'Lucie', 'Zdeněk', 'Bożena', 'Grzegorz', 'Dominika', 'Jakub',
    ],
    family: [
      'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski',
      'Mazur', 'Krawczyk', 'Dvořák', 'Novák', 'Němec', 'Procházka', 'Černý', 'Svoboda',
    ],
  },
  {
    id: 'indian',
    order: 'givenFirst',
    locations: [['IN', 60], ['US', 25], ['GB', 10], ['SG', 5]],
    given: [
      'Aarav', 'Priya', 'Ananya', 'Rohan', 'Vikram', 'Sneha', 'Arjun', 'Kavya', 'Aditya', 'Divya',
      'Rahul', 'Pooja', 'Karthik', 'Lakshmi', 'Sanjay', 'Meera', 'Nikhil', 'Anjali', 'Suresh', 'Deepa',
      'Harish', 'Isha', 'Manoj', 'Neha', 'Venkat',
    ],
    family: [
      'Sharma', 'Patel', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Mehta', 'Rao', 'Chatterjee', 'Singh',
      'Kumar', 'Desai', 'Joshi', 'Menon', 'Pillai', 'Bhat', 'Kapoor', 'Banerjee', 'Verma', 'Krishnan',
    ],
  },
  {
    id: 'chinese',
    order: 'familyFirstJoined',
    locations: [['CN', 55], ['US', 20], ['SG', 15], ['HK', 10]],
    given: [
      '伟|wei', '芳|fang', '娜|na', '敏|min', '静|jing', '磊|lei', '强|qiang', '军|jun', '洋|yang', '艳|yan',
      '勇|yong', '杰|jie', '娟|juan', '涛|tao', '明|ming',
    ],
    family: [
      '李|li', '王|wang', '张|zhang', '刘|liu', '陈|chen', '杨|yang', '黄|huang', '赵|zhao', '吴|wu', '周|zhou',
      '徐|xu', '孙|sun',
    ],
  },
  {
    id: 'japanese',
    order: 'familyFirst',
    locations: [['JP', 85], ['US', 15]],
    given: [
      '翔太|shota', '花子|hanako', '健|ken', '陽子|yoko', '大輔|daisuke', '美咲|misaki', '拓也|takuya', '由美|yumi',
      '蓮|ren', '結衣|yui', '健太|kenta', '愛|ai',
    ],
    family: [
      '佐藤|sato', '鈴木|suzuki', '高橋|takahashi', '田中|tanaka', '伊藤|ito', '渡辺|watanabe', '山本|yamamoto',
      '中村|nakamura', '小林|kobayashi', '加藤|kato',
    ],
  },
  {
    id: 'korean',
    order: 'familyFirstJoined',
    locations: [['KR', 85], ['US', 15]],
    given: [
      '민준|minjun', '서연|seoyeon', '지훈|jihoon', '수빈|subin', '도윤|doyun', '하은|haeun', '현우|hyunwoo',
      '지민|jimin', '예준|yejun', '서윤|seoyun',
    ],
    family: ['김|kim', '이|lee', '박|park', '최|choi', '정|jung', '강|kang'],
  },
  {
    id: 'turkish',
    order: 'givenFirst',
    locations: [['TR', 70], ['DE', 20], ['NL', 10]],
    given: ['Mehmet', 'Ayşe', 'Çağla', 'Gökhan', 'Özlem', 'Ömer', 'Emre', 'Zeynep', 'Burak', 'Elif', 'Can', 'Şule'],
    family: ['Yılmaz', 'Öztürk', 'Çelik', 'Şahin', 'Doğan', 'Kılıç', 'Aydın', 'Arslan', 'Koç', 'Kaya'],
  },
  {
    id: 'vietnamese',
    order: 'familyFirst',
    locations: [['VN', 60], ['US', 30], ['AU', 10]],
    given: ['Minh', 'Thảo', 'Dũng', 'Hương', 'Quang', 'Linh', 'Tuấn', 'Phương', 'Hải', 'Ngọc'],
    family: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'],
  },
  {
    id: 'arabic',
    order: 'givenFirst',
    locations: [['AE', 40], ['EG', 20], ['US', 20], ['GB', 20]],
    given: ['Omar', 'Layla', 'Youssef', 'Fatima', 'Karim', 'Nour', 'Hassan', 'Amira', 'Tariq', 'Rania'],
    family: ['Haddad', 'Khoury', 'Mansour', 'Nasser', 'Saleh', 'Hamdan', 'Farouk', 'Aziz'],
  },
  {
    id: 'dutch',
    order: 'givenFirst',
    locations: [['NL', 80], ['BE', 20]],
    given: ['Daan', 'Sem', 'Fleur', 'Sanne', 'Bram', 'Lotte', 'Thijs', 'Noor'],
    family: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit'],
  },
];
