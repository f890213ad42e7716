<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-projects.xsl: the administration's project list, tab "Projekte (Aufträge/Kunden) & Co.". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('projects.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('projects.title')"/></h1>
    <xsl:choose>
      <xsl:when test="projects/project">
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="kp:t('project.name')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('project.number')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('project.customer')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('project.portal')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="projects/project">
                <tr>
                  <td><a href="{$mount}/projects/{@id}"><xsl:value-of select="name"/></a></td>
                  <td><xsl:value-of select="number"/></td>
                  <td><xsl:value-of select="customer"/></td>
                  <td><xsl:value-of select="kp:t(concat('yesno.', @portal))"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('projects.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
